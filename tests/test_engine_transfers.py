"""balance.transfer on SQLite and PostgreSQL: a leaver's money moved to a sibling."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, select

from models import LedgerTransaction
from office_app.db import make_sessionmaker
from office_app.domain.commands import CommandResult
from office_app.domain.ids import uuid7
from office_app.domain.localtime import local_date
from office_app.ledger.verify import verify
from office_app.reports.queries import statement
from office_app.reports.statement_pdf import StatementRenderer
from tests.pdf_text import page_texts
from tests.world import World, make_world


def enrol(world: World, name: str, email: str) -> uuid.UUID:
    student_id = uuid7()
    result = world.office_send(
        "student.upsert",
        {
            "student_id": student_id,
            "external_ref": f"T{uuid.uuid4().hex[:10]}",
            "name": name,
            "class_label": "4.A",
            "guardians": [{"name": "Mette", "email": email}],
        },
    )
    assert result.status == "applied", result
    return student_id


def transfer(
    world: World, giver: uuid.UUID, receiver: uuid.UUID, amount_ore: int, staff: str = "ole"
) -> CommandResult:
    return world.office_send(
        "balance.transfer",
        {
            "from_student_id": giver,
            "to_student_id": receiver,
            "amount_ore": amount_ore,
            "consent": "Mette Nielsen i telefon 24.11.2026",
        },
        staff=staff,
    )


def test_a_leavers_money_moves_to_a_sibling_with_the_consent_written(
    ledger_engine: Engine,
) -> None:
    world = make_world(ledger_engine)
    email = f"{uuid.uuid4().hex[:8]}@example.dk"
    leaver, sibling = enrol(world, "Freja", email), enrol(world, "Oscar", email)
    stranger = enrol(world, "Ida", f"{uuid.uuid4().hex[:8]}@example.dk")
    world.deposit(leaver, 12550)
    world.office_send("student.leave", {"student_id": leaver})

    assert transfer(world, leaver, stranger, 100).code == "invalid_field"
    assert transfer(world, leaver, leaver, 100).code == "invalid_field"
    assert transfer(world, leaver, sibling, 12551).code == "insufficient_funds"
    assert transfer(world, leaver, sibling, 0).code == "invalid_amount"
    assert transfer(world, leaver, sibling, 100, staff="hanne").code == "forbidden"
    moved = transfer(world, leaver, sibling, 12550)
    assert moved.status == "applied", moved
    assert (world.balance(leaver), world.balance(sibling)) == (0, 12550)
    with make_sessionmaker(ledger_engine)() as session:
        text = session.scalar(
            select(LedgerTransaction.text).where(
                LedgerTransaction.school_id == world.school_id, LedgerTransaction.kind == "transfer"
            )
        )
    assert text == "Moved to Oscar; consent: Mette Nielsen i telefon 24.11.2026"
    assert verify(ledger_engine, world.school_id) == []

    # The parents' statements say what happened in their words; the consent note stays inside.
    day = local_date(world.clock())
    for child, language, said in (
        (leaver, "da", "Flyttet mellem søskende"),
        (sibling, "en", "Moved between siblings"),
    ):
        with make_sessionmaker(ledger_engine)() as session:
            wanted = statement(session, child, day, day, day)
        printed = "\n".join(page_texts(StatementRenderer(language).render(wanted)))
        assert printed.count(said) == 2, "one line and one total"
        for private in ("consent", "samtykke", "Mette Nielsen", "Moved to", "transfer"):
            assert private not in printed
