"""The pain.001.001.03 file itself: valid against ISO's schema for one, many and æøå payouts,
with what a Danish bank needs in it (DKK, BBAN or IBAN, clearing code, a bank day, ids that
fit, texts in the Danish character set, the control sum)."""

from __future__ import annotations

import datetime as dt
import uuid
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.domain.bank import DanishAccount, account_to_iban
from office_app.domain.bank_text import SEPA_CHARACTERS, bank_text, is_bank_text
from office_app.domain.bankdays import is_bank_day, next_bank_day
from office_app.reports.pain001 import (
    NAMESPACE,
    BankFile,
    Payer,
    Transfer,
    end_to_end_id,
    pain001,
    payout_of,
)
from tests.bank_support import pain001_schema

CREATED = dt.datetime(2026, 11, 24, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
PAYER = Payer(
    "Skovbo Skole", "Skovbovej 12, 4600 Køge", "12345678", DanishAccount("3001", "11223344"), ""
)
NS = {"p": NAMESPACE}


def transfer(amount_ore: int, name: str = "Mette Nielsen", text: str = "Skolekort") -> Transfer:
    return Transfer(
        uuid.uuid4(),
        amount_ore,
        name,
        DanishAccount("1234", "12345678"),
        text,
        f"Udbetaling af saldoen på skolekortet for {name}",
    )


def made(*transfers: Transfer, payer: Payer = PAYER) -> tuple[bytes, ElementTree.Element]:
    bank_file = BankFile(uuid.uuid4(), CREATED, dt.date(2026, 11, 25), payer, tuple(transfers))
    content = pain001(bank_file)
    pain001_schema().validate(content.decode())
    return content, ElementTree.fromstring(content)


def texts(root: ElementTree.Element, path: str) -> list[str]:
    return [element.text or "" for element in root.findall(path, NS)]


def test_one_payout_has_what_a_danish_bank_needs() -> None:
    one = transfer(60000)
    _, root = made(one)
    assert texts(root, ".//p:GrpHdr/p:NbOfTxs") == ["1"]
    assert texts(root, ".//p:GrpHdr/p:CtrlSum") == ["600.00"]
    assert len(texts(root, ".//p:GrpHdr/p:MsgId")[0]) <= 35
    assert texts(root, ".//p:ReqdExctnDt") == ["2026-11-25"]
    assert texts(root, ".//p:DbtrAcct/p:Id/p:IBAN") == [account_to_iban(PAYER.account)]
    assert texts(root, ".//p:Dbtr/p:Id/p:OrgId/p:Othr/p:Id") == ["12345678"], "the school's CVR"
    assert texts(root, ".//p:InstdAmt") == ["600.00"]
    assert root.find(".//p:InstdAmt", NS).get("Ccy") == "DKK"  # type: ignore[union-attr]
    assert texts(root, ".//p:CdtrAcct/p:Id/p:Othr/p:Id") == ["12340012345678"], "14-digit BBAN"
    assert texts(root, ".//p:CdtrAgt//p:ClrSysId/p:Cd") == ["DKNCC"]
    assert texts(root, ".//p:CdtrAgt//p:MmbId") == ["1234"]
    (end_to_end,) = texts(root, ".//p:EndToEndId")
    assert len(end_to_end) <= 35 and payout_of(end_to_end) == one.payout_id
    assert end_to_end == end_to_end_id(one.payout_id)


def test_many_payouts_sum_to_the_control_sum_and_iban_works_too() -> None:
    many = [transfer(amount) for amount in (1, 99, 12345, 200000, 5)]
    content, root = made(*many)
    assert texts(root, ".//p:GrpHdr/p:NbOfTxs") == ["5"]
    assert texts(root, ".//p:GrpHdr/p:CtrlSum") == ["2124.50"]
    assert texts(root, ".//p:PmtInf/p:CtrlSum") == ["2124.50"]
    assert texts(root, ".//p:InstdAmt") == ["0.01", "0.99", "123.45", "2000.00", "0.05"]
    assert len(set(texts(root, ".//p:EndToEndId"))) == 5
    as_iban = pain001(
        BankFile(uuid.uuid4(), CREATED, dt.date(2026, 11, 25), PAYER, tuple(many)), "iban"
    )
    pain001_schema().validate(as_iban.decode())
    iban = account_to_iban(DanishAccount("1234", "12345678"))
    assert iban.endswith("12340012345678")
    assert f"<IBAN>{iban}</IBAN>".encode() in as_iban
    assert content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_danish_letters_stay_and_anything_a_bank_refuses_is_replaced() -> None:
    odd = transfer(2500, name='Åse Ærø-Østergård; "=HYPERLINK()"', text="Tak for årene, Zoë!")
    _, root = made(odd, payer=Payer("Skolen på Ærø & Co", "Æblevej 1", "", PAYER.account, "A-1"))
    (name,) = texts(root, ".//p:Cdtr/p:Nm")
    assert name == "Åse Ærø-Østergård HYPERLINK()"
    statement, advice = texts(root, ".//p:RmtInf/p:Ustrd")
    assert statement == "Tak for årene, Zoe"
    assert len(statement) <= 20
    assert advice.startswith("Udbetaling af saldoen på skolekortet for Åse")
    for text in texts(root, ".//p:Nm") + texts(root, ".//p:Ustrd") + texts(root, ".//p:AdrLine"):
        assert is_bank_text(text), text
    assert texts(root, ".//p:InitgPty/p:Nm") == ["Skolen på Ærø + Co"]
    assert texts(root, ".//p:InitgPty//p:Othr/p:Id") == ["A-1"], "the bank agreement id"


def test_a_file_without_payouts_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one payout"):
        pain001(BankFile(uuid.uuid4(), CREATED, dt.date(2026, 11, 25), PAYER, ()))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.integers(min_value=1, max_value=200))
def test_any_text_becomes_bank_text_of_its_length(text: str, limit: int) -> None:
    converted = bank_text(text, limit)
    assert len(converted) <= limit
    assert is_bank_text(converted)
    if all(character in SEPA_CHARACTERS for character in text) and len(text) <= limit:
        assert converted == " ".join(text.split())


@pytest.mark.parametrize(
    ("day", "next_day"),
    [
        ("2026-11-24", "2026-11-25"),  # a Tuesday
        ("2026-11-27", "2026-11-30"),  # Friday to Monday
        ("2026-12-23", "2026-12-28"),  # Christmas Eve, Christmas, a weekend
        ("2026-12-30", "2027-01-04"),  # New Year's Eve, New Year, a weekend
        ("2026-04-01", "2026-04-07"),  # Maundy Thursday to Easter Monday
        ("2026-05-13", "2026-05-18"),  # Ascension Day and the Friday after
        ("2026-06-04", "2026-06-08"),  # Constitution Day
        ("2027-05-14", "2027-05-18"),  # Whit Monday
        ("2024-04-25", "2024-04-26"),  # Store Bededag is a working day from 2024
    ],
)
def test_the_execution_date_is_the_next_danish_bank_day(day: str, next_day: str) -> None:
    found = next_bank_day(dt.date.fromisoformat(day))
    assert found == dt.date.fromisoformat(next_day)
    assert is_bank_day(found)
