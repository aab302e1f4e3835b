"""Reading a bank's ISO 20022 pain.002 payment status report for a pain.001 file we sent.

The report names our message (``OrgnlMsgId``) and, per transfer, its ``OrgnlEndToEndId`` with a
status and the bank's reason. A status for the whole message or payment (``GrpSts``,
``PmtInfSts``) applies to every transfer the report does not name one by one. Any version of
pain.002 is read by its element names.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree

#: Executed: the money left the school's account (AcceptedSettlementCompleted).
PAID = frozenset({"ACSC"})
#: Refused by the bank: nothing was paid.
REFUSED = frozenset({"RJCT"})
#: Still with the bank: checked or accepted for a later execution, not yet paid.
WAITING = frozenset({"ACCP", "ACSP", "ACTC", "ACWC", "ACWP", "PDNG", "RCVD", "PART"})


class StatusReportError(ValueError):
    """A file that is not a payment status report, with the reason."""


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


@dataclass(frozen=True)
class TransferStatus:
    end_to_end_id: str
    status: str
    reason: Reason | None


@dataclass(frozen=True)
class StatusReport:
    """What the bank said: for the message, and for the transfers it named."""

    message_id: str
    original_message_id: str
    group_status: str | None
    group_reason: Reason | None
    transfers: tuple[TransferStatus, ...]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ElementTree.Element, *names: str) -> ElementTree.Element | None:
    for name in names:
        found = next((item for item in element if _local(item.tag) == name), None)
        if found is None:
            return None
        element = found
    return element


def _text(element: ElementTree.Element | None, *names: str) -> str:
    found = _child(element, *names) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _reason(element: ElementTree.Element) -> Reason | None:
    info = _child(element, "StsRsnInf")
    if info is None:
        return None
    code = _text(info, "Rsn", "Cd") or _text(info, "Rsn", "Prtry")
    text = " ".join(
        (item.text or "").strip() for item in info if _local(item.tag) == "AddtlInf" and item.text
    )
    return Reason(code, text) if code or text else None


def read_status_report(raw: bytes) -> StatusReport:
    """The report in ``raw``; StatusReportError when it is not one."""
    try:
        root = ElementTree.fromstring(raw)  # noqa: S314 - the bank's own file, no DTDs
    except ElementTree.ParseError as error:
        raise StatusReportError(f"not XML ({error})") from None
    report = _child(root, "CstmrPmtStsRpt")
    if _local(root.tag) != "Document" or report is None:
        raise StatusReportError(
            f"not a pain.002 payment status report (found <{_local(root.tag)}>)"
        )
    original = _child(report, "OrgnlGrpInfAndSts")
    if original is None or not _text(original, "OrgnlMsgId"):
        raise StatusReportError("the report names no original message (OrgnlMsgId)")
    group_status = _text(original, "GrpSts") or None
    group_reason = _reason(original)
    transfers: list[TransferStatus] = []
    for payment in (item for item in report if _local(item.tag) == "OrgnlPmtInfAndSts"):
        payment_status = _text(payment, "PmtInfSts") or None
        payment_reason = _reason(payment)
        if payment_status and group_status is None:
            group_status, group_reason = payment_status, payment_reason
        for item in (child for child in payment if _local(child.tag) == "TxInfAndSts"):
            end_to_end = _text(item, "OrgnlEndToEndId")
            status = _text(item, "TxSts") or payment_status or group_status or ""
            if end_to_end:
                transfers.append(TransferStatus(end_to_end, status, _reason(item)))
    return StatusReport(
        message_id=_text(report, "GrpHdr", "MsgId"),
        original_message_id=_text(original, "OrgnlMsgId"),
        group_status=group_status,
        group_reason=group_reason,
        transfers=tuple(transfers),
    )
