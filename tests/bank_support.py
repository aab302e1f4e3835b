"""The school's bank, as far as our tests can have one: the official pain.001 schema to check
our files against, and the pain.002 status reports a Danish bank sends back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

import xmlschema

PAIN_002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"


@cache
def pain001_schema() -> xmlschema.XMLSchema:
    """ISO 20022 pain.001.001.03 as published by ISO, shipped in the ``sepaxml`` wheel."""
    return xmlschema.XMLSchema(str(files("sepaxml") / "schemas" / "pain.001.001.03.xsd"))


def status_report(
    message_id: str,
    transfers: Sequence[tuple[str, str, str, str]] = (),
    *,
    group_status: str = "",
    group_reason: str = "",
) -> bytes:
    """A pain.002.001.03 the way Danish banks write one: per transfer its EndToEndId, status,
    reason code and the bank's words."""

    def reason(code: str, words: str) -> str:
        if not code:
            return ""
        text = f"<AddtlInf>{words}</AddtlInf>" if words else ""
        return f"<StsRsnInf><Rsn><Cd>{code}</Cd></Rsn>{text}</StsRsnInf>"

    items = "".join(
        f"<TxInfAndSts><StsId>{index}</StsId><OrgnlEndToEndId>{end_to_end}</OrgnlEndToEndId>"
        f"<TxSts>{status}</TxSts>{reason(code, words)}</TxInfAndSts>"
        for index, (end_to_end, status, code, words) in enumerate(transfers, start=1)
    )
    group = f"<GrpSts>{group_status}</GrpSts>" if group_status else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{PAIN_002}"><CstmrPmtStsRpt>'
        f"<GrpHdr><MsgId>STS-{uuid.uuid4().hex[:12]}</MsgId>"
        "<CreDtTm>2026-11-25T09:00:00</CreDtTm></GrpHdr>"
        f"<OrgnlGrpInfAndSts><OrgnlMsgId>{message_id}</OrgnlMsgId>"
        f"<OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>{group}{reason(group_reason, '')}"
        "</OrgnlGrpInfAndSts>"
        f"<OrgnlPmtInfAndSts><OrgnlPmtInfId>{message_id}-1</OrgnlPmtInfId>{items}"
        "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"
    ).encode()
