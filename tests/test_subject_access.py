"""``office-app ledger subject-access``: every row the ledger holds about the child and its
guardians, with every movement, as JSON and a readable PDF, and nothing about another child."""

from __future__ import annotations

import json
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, or_, select

from models import (
    Account,
    AuditEvent,
    Card,
    CardEvent,
    CommandRecord,
    DeclinedPurchase,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    Student,
)
from office_app.cli import main
from office_app.db import make_sessionmaker
from office_app.ledger.subject_access import subject_access
from tests.pdf_text import page_texts
from tests.privacy_support import CONSENT, WAIVER, Family, build_family
from tests.world import World, make_world


@pytest.fixture
def world(ledger_engine: Engine) -> World:
    return make_world(ledger_engine)


def world_school(session: Any, student_id: uuid.UUID) -> uuid.UUID:
    found: uuid.UUID = session.get(Student, student_id).school_id
    return found


def _expected(engine: Engine, family: Family) -> dict[str, set[str]]:
    """The child's rows, found by the child's own ids alone (no help from the report)."""
    child = family.child
    with make_sessionmaker(engine)() as session:
        wallet = session.scalar(select(Account.id).where(Account.student_id == child))
        txns = set(
            session.scalars(
                select(LedgerTransaction.id).where(
                    or_(
                        LedgerTransaction.student_id == child,
                        LedgerTransaction.id.in_(
                            select(LedgerEntry.txn_id).where(LedgerEntry.account_id == wallet)
                        ),
                    )
                )
            )
        )
        cards = set(session.scalars(select(Card.id).where(Card.student_id == child)))
        payouts = {
            str(p) for p in session.scalars(select(Payout.id).where(Payout.student_id == child))
        }
        subjects = {str(child), *family.child_cards, *payouts, *(str(t) for t in txns)}
        school = world_school(session, child)
        events = {
            e.chain_index
            for e in session.scalars(
                select(AuditEvent).where(
                    AuditEvent.school_id == school, AuditEvent.subject.in_(subjects)
                )
            )
        }
        commands = {
            str(c.command_id)
            for c in session.scalars(select(CommandRecord).where(CommandRecord.school_id == school))
            if any(str(value) in subjects for value in c.payload.values())
            or any(
                str(value) == str(child)
                for value in (c.payload.get("from_student_id"), c.payload.get("to_student_id"))
            )
        }
        return {
            "movements": {str(t) for t in txns},
            "card_events": {
                str(e.id)
                for e in session.scalars(select(CardEvent).where(CardEvent.card_id.in_(cards)))
            },
            "payouts": payouts,
            "events": {str(index) for index in events},
            "commands": commands,
            "declined": {
                str(d)
                for d in session.scalars(
                    select(DeclinedPurchase.command_id).where(DeclinedPurchase.student_id == child)
                )
            },
        }


def test_the_report_holds_every_row_about_the_child_and_nothing_about_another(
    world: World, ledger_engine: Engine
) -> None:
    family = build_family(world)
    # By the roster's reference where it is unique (a fresh SQLite ledger); by id anywhere.
    given = "ASTA-REF-77" if ledger_engine.dialect.name == "sqlite" else str(family.child)
    report = subject_access(ledger_engine, given, now=world.clock())
    expected = _expected(ledger_engine, family)
    assert report["student"]["id"] == str(family.child)
    assert report["student"]["name"] == "Asta Jensen-Holm"
    assert {g["email"] for g in report["guardians"]} == {
        "mette.holm@example.dk",
        "jens.jensen@example.dk",
    }
    assert {c["card_number"] for c in report["cards"]} == set(family.child_cards)
    assert len(report["card_events"]) == len(expected["card_events"]) == 4
    assert report["daily_cap"]["daily_cap_ore"] == 6_000
    assert [a["payment_ref"] for a in report["agreements"]] == ["NETS-AGR-4711"]
    assert {p["id"] for p in report["payouts"]} == expected["payouts"]
    assert {p["holder_name"] for p in report["payouts"]} == {"Jens Jensen"}
    assert {m["id"] for m in report["movements"]} == expected["movements"]
    on_wallet = [m for m in report["movements"] if m["amount_ore"] is not None]
    assert on_wallet[-1]["balance_after_ore"] == report["wallet"]["balance_ore"] == 0
    assert sum(m["amount_ore"] for m in on_wallet) == 0
    assert {str(e["chain_index"]) for e in report["audit_events"]} >= expected["events"]
    assert {c["command_id"] for c in report["commands"]} >= expected["commands"]
    assert {d["card_number"] for d in report["declined_purchases"]} == {"3300001"}
    assert len(report["declined_purchases"]) == len(expected["declined"]) == 1
    text = json.dumps(report, ensure_ascii=False)
    assert WAIVER in text and CONSENT in text and "6050401234" in text
    for word in (*family.sibling_words, *family.other_words, family.sibling_card):
        assert word not in text, word
    for other in (family.sibling, family.other):
        assert str(other) not in text
    assert "Mette Holm" in text  # the child's own guardian, shared with the sibling


def test_the_command_writes_json_and_a_danish_pdf_readable_by_the_owner_only(
    world: World, ledger_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    family = build_family(world)
    database = ledger_engine.url.render_as_string(hide_password=False)
    code = main(
        [
            "ledger",
            "subject-access",
            "--database",
            database,
            "--student",
            str(family.child),
            "-o",
            str(tmp_path / "indsigt.pdf"),
        ]
    )
    assert code == 0, capsys.readouterr().err
    pdf = (tmp_path / "indsigt.pdf").read_bytes()
    written: dict[str, Any] = json.loads((tmp_path / "indsigt.json").read_text())
    assert written["student"]["id"] == str(family.child)
    for path in (tmp_path / "indsigt.pdf", tmp_path / "indsigt.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pages = " ".join(" ".join(page.split()) for page in page_texts(pdf))
    for expected in (
        "Indsigt i oplysninger",
        "Oplysninger om Asta Jensen-Holm",
        "Forældre og værger",
        "jens.jensen@example.dk",
        "Bevægelser på kontoen",
        "Køb i kantinen",
        "Afviste køb",
        "Kortet var spærret",
        "Udbetalinger",
        "Revisionslog",
        "Side 1 af",
    ):
        assert expected in pages, expected
    for word in (*family.sibling_words, *family.other_words):
        assert word not in pages
    missing = main(
        [
            "ledger",
            "subject-access",
            "--database",
            database,
            "--student",
            str(uuid.uuid4()),
            "-o",
            str(tmp_path / "x"),
        ]
    )
    error = capsys.readouterr().err
    assert missing == 1 and error.startswith("office-app: --student: no child with the id")
    assert len(error.splitlines()) == 1
