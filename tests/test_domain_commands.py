"""Protocol v1 command parsing: every type has a schema, and errors name the field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from office_app.domain.catalogue import PAYLOAD_TYPES
from office_app.domain.commands import CommandFormatError, make_command, parse_command
from office_app.i18n.rules import rule_text
from office_app.simulation.operations import NEW_PASSWORD_HASH

NOW = "2026-11-24T08:12:03Z"
STUDENT = "0190f3c2-0000-7000-8000-000000000001"
EXAMPLES: dict[str, dict[str, Any]] = {
    "student.upsert": {
        "student_id": STUDENT,
        "external_ref": "E1",
        "name": "Åse Østergaard",
        "class_label": "5.B",
        "guardians": [{"name": "Mor", "email": "mor@example.dk"}],
    },
    "student.leave": {"student_id": STUDENT},
    "card.issue": {"student_id": STUDENT, "card_number": "1234 5678\n"},
    "card.block": {"card_number": "12345678", "reason": "lost"},
    "card.reactivate": {"card_number": "12345678"},
    "card.replace": {
        "old_card_number": "12345678",
        "new_card_number": "87654321",
        "fee_ore": 0,
        "fee_waiver_reason": "Defekt",
    },
    "cap.set": {"student_id": STUDENT, "daily_cap_ore": None},
    "deposit.cash": {"student_id": STUDENT, "amount_ore": 20000, "receipt_no": "K-000017"},
    "deposit.online": {
        "student_id": STUDENT,
        "amount_ore": 20000,
        "method": "mobilepay",
        "payment_ref": "MP-1",
    },
    "autotopup.create": {"student_id": STUDENT, "amount_ore": 10000, "payment_ref": "KORT-1"},
    "autotopup.cancel": {"student_id": STUDENT},
    "purchase": {"card_number": "12345678", "amount_ore": 3500},
    "payout.request": {
        "student_id": STUDENT,
        "amount_ore": 5000,
        "holder_name": "Mor",
        "reg_no": "1234",
        "account_no": "0012345678",
        "message": "Tak",
    },
    "payout.approve": {"payout_id": STUDENT},
    "payout.reject": {"payout_id": STUDENT, "reason": "Forkert konto"},
    "payout.send": {
        "batch_id": STUDENT,
        "payout_ids": [STUDENT],
        "total_ore": 12000,
        "execution_date": "2026-11-25",
        "file_name": "udbetalinger-20261124-130000.xml",
    },
    "payout.settle": {"payout_id": STUDENT, "bank_ref": "B-1"},
    "payout.bank_reject": {"payout_id": STUDENT, "reason": "AC01 Ukendt konto"},
    "payout.return": {"payout_id": STUDENT, "reason": "AC04 Lukket konto", "bank_ref": "R-1"},
    "txn.reverse": {"txn_id": STUDENT, "reason": "Fejl"},
    "reversal.approve": {"reversal_id": STUDENT},
    "reversal.reject": {"reversal_id": STUDENT, "reason": "Nej"},
    "balance.transfer": {
        "from_student_id": STUDENT,
        "to_student_id": STUDENT,
        "amount_ore": 100,
        "consent": "Mor",
    },
    "staff.password": {"password_hash": NEW_PASSWORD_HASH},
}


def _envelope(command_type: str, payload: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "command_id": str(uuid.uuid4()),
        "device_seq": 17,
        "type": command_type,
        "occurred_at": NOW,
        "staff": "hanne",
        "payload": payload,
    } | extra


def _errors(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(CommandFormatError) as error:
        parse_command(data)
    refusals = error.value.refusals
    return [
        (field, rule_text(refusals[field], "en") if field in refusals else rule)
        for field, rule in error.value.errors
    ]


def test_every_protocol_type_has_an_example_here() -> None:
    assert set(EXAMPLES) == set(PAYLOAD_TYPES)


@pytest.mark.parametrize("command_type", sorted(EXAMPLES))
def test_each_type_parses_and_refuses_unknown_fields(command_type: str) -> None:
    command = parse_command(_envelope(command_type, EXAMPLES[command_type]))
    assert command.type == command_type
    assert command.occurred_at == dt.datetime(2026, 11, 24, 8, 12, 3, tzinfo=dt.UTC)
    fields = _errors(_envelope(command_type, EXAMPLES[command_type] | {"colour": "red"}))
    assert fields == [("payload.colour", "Extra inputs are not permitted")]


def test_card_numbers_are_normalised_as_a_reader_types_them() -> None:
    command = parse_command(_envelope("card.issue", EXAMPLES["card.issue"]))
    assert command.payload.model_dump()["card_number"] == "12345678"


def test_amounts_must_be_whole_ore_not_strings_or_floats() -> None:
    for bad in ("35", 35.0, 35.5, True, None):
        fields = _errors(_envelope("purchase", {"card_number": "12345678", "amount_ore": bad}))
        assert [field for field, _ in fields] == ["payload.amount_ore"]


def test_errors_name_each_field_and_rule() -> None:
    fields = dict(
        _errors(
            {
                "command_id": "not-a-uuid",
                "device_seq": -1,
                "type": "purchase",
                "occurred_at": "2026-11-24T08:12:03",
                "payload": {},
            }
        )
    )
    assert fields["command_id"].startswith("Input should be a valid UUID")
    assert fields["device_seq"] == "Input should be greater than or equal to 0"
    assert fields["occurred_at"] == "must include a time zone, e.g. 2026-11-24T08:12:03Z"


def test_payload_errors_carry_the_payload_path() -> None:
    fields = dict(
        _errors(_envelope("card.block", {"card_number": "12ab", "reason": "eaten by the dog"}))
    )
    assert fields["payload.card_number"] == "Card number may contain digits only"
    assert fields["payload.reason"].startswith("Input should be 'lost', 'stolen', 'damaged'")


def test_unknown_type_and_non_object_bodies_are_refused() -> None:
    assert [f for f, _ in _errors(_envelope("coffee.brew", {}))] == ["type"]
    assert _errors([1, 2, 3])[0][0] == "body"


def test_canonical_form_is_stable_across_spellings() -> None:
    """A resend typed differently (spaces in a card number) is still the same content."""
    when = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    command_id = uuid.uuid4()
    first = make_command(
        "purchase",
        {"card_number": "1234 5678", "amount_ore": 100},
        occurred_at=when,
        command_id=command_id,
    )
    second = make_command(
        "purchase",
        {"card_number": "12345678\n", "amount_ore": 100},
        occurred_at=when,
        command_id=command_id,
    )
    assert first.canonical() == second.canonical()


def test_control_characters_and_huge_numbers_are_refused_before_the_database() -> None:
    """PostgreSQL refuses NUL in text and SQLite cannot store integers past 64 bits."""
    nul = _errors(_envelope("payout.reject", {"payout_id": STUDENT, "reason": "a\x00b"}))
    assert nul == [("payload.reason", "may not contain control characters")]
    huge = _errors(_envelope("purchase", {"card_number": "12345678", "amount_ore": 10**30}))
    assert [field for field, _ in huge] == ["payload.amount_ore"]
    seq = _errors(_envelope("purchase", EXAMPLES["purchase"], device_seq=2**64))
    assert [field for field, _ in seq] == ["device_seq"]
