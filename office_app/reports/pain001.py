"""Payouts as an ISO 20022 pain.001.001.03 credit transfer file, as Danish banks import it.

One message (``MsgId``) with one payment (``PmtInf``) from the school's own account, one
transfer (``CdtTrfTxInf``) per payout: Danish domestic transfers in DKK, the beneficiary's
account as its 14-digit BBAN (reg. no. and account no.) or its IBAN, the reg. no. also as the
creditor agent's clearing member id (``DKNCC``), the execution date a Danish bank day. Each
transfer's ``EndToEndId`` is its payout's id in 32 hex digits, so the bank's status report
names the payout. The first remittance text is what the beneficiary's statement shows (20
characters), the second the longer advice; both, and every name and address, in the
Danish/SEPA character set. Danske Bank, Nordea, Bankdata, BEC and SDC all take this message
for bulk domestic transfers; a bank's own guide says which agreement id it wants.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal
from xml.etree import ElementTree

from office_app.domain.bank import DanishAccount, account_to_iban, bban
from office_app.domain.bank_text import bank_text
from office_app.domain.money import format_plain

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
STATEMENT_TEXT = 20
ADVICE_TEXT = 140
NAME_TEXT = 70
ADDRESS_LINE = 70
ADDRESS_LINES = 2


@dataclass(frozen=True)
class Payer:
    """The school as its bank knows it: name, address, CVR, its account and agreement id."""

    name: str
    address: str
    cvr: str
    account: DanishAccount
    agreement_id: str


@dataclass(frozen=True)
class Transfer:
    """One payout to one account; the texts are cut to the bank's lengths when written."""

    payout_id: uuid.UUID
    amount_ore: int
    holder_name: str
    account: DanishAccount
    statement_text: str
    advice: str


@dataclass(frozen=True)
class BankFile:
    batch_id: uuid.UUID
    created_at: dt.datetime
    execution_date: dt.date
    payer: Payer
    transfers: tuple[Transfer, ...]

    @property
    def message_id(self) -> str:
        """At most 35 characters, unique for the school's agreement: the batch id in hex."""
        return self.batch_id.hex

    @property
    def total_ore(self) -> int:
        return sum(transfer.amount_ore for transfer in self.transfers)


def end_to_end_id(payout_id: uuid.UUID) -> str:
    """The transfer's id through the banks (Max35Text): the payout's id in 32 hex digits."""
    return payout_id.hex


def payout_of(end_to_end: str) -> uuid.UUID | None:
    """The payout an ``EndToEndId`` names, or None when it names none of ours."""
    try:
        return uuid.UUID(hex=end_to_end.strip())
    except ValueError:
        return None


def _add(parent: ElementTree.Element, tag: str, text: str | None = None) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _path(parent: ElementTree.Element, tags: str, text: str) -> None:
    """``A/B/C`` under ``parent``, the last one holding ``text``."""
    *between, last = tags.split("/")
    for tag in between:
        parent = _add(parent, tag)
    _add(parent, last, text)


def _organisation(parent: ElementTree.Element, identifier: str, scheme: str) -> None:
    other = _add(_add(_add(parent, "Id"), "OrgId"), "Othr")
    _add(other, "Id", identifier)
    _path(other, "SchmeNm/Cd", scheme)


def _clearing_member(agent: ElementTree.Element, reg_no: str) -> None:
    """A Danish bank by its reg. no. in the Danish national clearing code list."""
    member = _add(_add(agent, "FinInstnId"), "ClrSysMmbId")
    _path(member, "ClrSysId/Cd", "DKNCC")
    _add(member, "MmbId", reg_no)


def _address_lines(address: str) -> list[str]:
    parts = [bank_text(part, ADDRESS_LINE) for part in address.replace("\n", ",").split(",")]
    return [part for part in parts if part][:ADDRESS_LINES]


def _header(root: ElementTree.Element, bank_file: BankFile) -> None:
    header = _add(root, "GrpHdr")
    _add(header, "MsgId", bank_file.message_id)
    _add(header, "CreDtTm", bank_file.created_at.replace(microsecond=0).isoformat())
    _add(header, "NbOfTxs", str(len(bank_file.transfers)))
    _add(header, "CtrlSum", format_plain(bank_file.total_ore, "."))
    initiator = _add(header, "InitgPty")
    _add(initiator, "Nm", bank_text(bank_file.payer.name, NAME_TEXT))
    if bank_file.payer.agreement_id:
        _organisation(initiator, bank_file.payer.agreement_id, "BANK")
    elif bank_file.payer.cvr:
        _organisation(initiator, bank_file.payer.cvr, "COID")


def _payment(root: ElementTree.Element, bank_file: BankFile) -> ElementTree.Element:
    payer = bank_file.payer
    payment = _add(root, "PmtInf")
    _add(payment, "PmtInfId", f"{bank_file.message_id}-1")
    _add(payment, "PmtMtd", "TRF")
    _add(payment, "BtchBookg", "false")
    _add(payment, "NbOfTxs", str(len(bank_file.transfers)))
    _add(payment, "CtrlSum", format_plain(bank_file.total_ore, "."))
    _path(payment, "PmtTpInf/SvcLvl/Cd", "NURG")
    _add(payment, "ReqdExctnDt", bank_file.execution_date.isoformat())
    debtor = _add(payment, "Dbtr")
    _add(debtor, "Nm", bank_text(payer.name, NAME_TEXT))
    address = _add(debtor, "PstlAdr")
    _add(address, "Ctry", "DK")
    for line in _address_lines(payer.address):
        _add(address, "AdrLine", line)
    if payer.cvr:
        _organisation(debtor, payer.cvr, "COID")
    account = _add(payment, "DbtrAcct")
    _path(account, "Id/IBAN", account_to_iban(payer.account))
    _add(account, "Ccy", "DKK")
    _clearing_member(_add(payment, "DbtrAgt"), payer.account.reg_no)
    return payment


def _transfer(
    payment: ElementTree.Element, transfer: Transfer, creditor_account: Literal["bban", "iban"]
) -> None:
    item = _add(payment, "CdtTrfTxInf")
    _path(item, "PmtId/EndToEndId", end_to_end_id(transfer.payout_id))
    amount = _add(_add(item, "Amt"), "InstdAmt", format_plain(transfer.amount_ore, "."))
    amount.set("Ccy", "DKK")
    _clearing_member(_add(item, "CdtrAgt"), transfer.account.reg_no)
    _path(item, "Cdtr/Nm", bank_text(transfer.holder_name, NAME_TEXT) or "-")
    account_id = _add(_add(item, "CdtrAcct"), "Id")
    if creditor_account == "iban":
        _add(account_id, "IBAN", account_to_iban(transfer.account))
    else:
        other = _add(account_id, "Othr")
        _add(other, "Id", bban(transfer.account))
        _path(other, "SchmeNm/Cd", "BBAN")
    remittance = _add(item, "RmtInf")
    _add(remittance, "Ustrd", bank_text(transfer.statement_text, STATEMENT_TEXT) or "Udbetaling")
    advice = bank_text(transfer.advice, ADVICE_TEXT)
    if advice:
        _add(remittance, "Ustrd", advice)


def pain001(bank_file: BankFile, creditor_account: Literal["bban", "iban"] = "bban") -> bytes:
    """The file's bytes: UTF-8 XML with its declaration, valid against pain.001.001.03.xsd."""
    if not bank_file.transfers:
        raise ValueError("transfers: a bank file needs at least one payout")
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}Document")
    initiation = _add(root, "CstmrCdtTrfInitn")
    _header(initiation, bank_file)
    payment = _payment(initiation, bank_file)
    for transfer in bank_file.transfers:
        _transfer(payment, transfer, creditor_account)
    ElementTree.indent(root)
    content: bytes = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return content + b"\n"
