"""A whole class or a household in one PDF: each child on new pages, numbered per child."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine

from office_app.db import make_sessionmaker
from office_app.domain.ids import uuid7
from office_app.reports import (
    ReportError,
    StatementRenderer,
    find_class,
    find_household,
    statements,
)
from tests.pdf_text import page_texts
from tests.world import World, make_world

FIRST, LAST = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def _child(world: World, name: str, class_label: str, card: str, email: str) -> uuid.UUID:
    student_id = uuid7()
    result = world.office_send(
        "student.upsert",
        {
            "student_id": student_id,
            "external_ref": f"X{uuid.uuid4().hex[:10]}",
            "name": name,
            "class_label": class_label,
            "guardians": [{"name": "Mette Holm", "email": email}],
        },
    )
    assert result.status == "applied", result
    world.add_card(student_id, card)
    return student_id


def _school(world: World) -> dict[str, uuid.UUID]:
    children = {
        "Signe Holm": _child(world, "Signe Holm", "5.B", "2000001", "mette@example.dk"),
        "Bertram Holm": _child(world, "Bertram Holm", "2.A", "2000002", "mette@example.dk"),
        "Ida Kjær": _child(world, "Ida Kjær", "5.B", "2000003", "lars@example.dk"),
        "Anton Lund": _child(world, "Anton Lund", "5.B", "2000004", "line@example.dk"),
        "Søren Dam": _child(world, "Søren Dam", "5.B", "2000005", "peter@example.dk"),
    }
    for student in children.values():
        world.deposit(student, 150_000)
    world.buy("2000001", 3500)
    for index in range(70):  # Ida's statement needs two pages
        world.clock.advance(hours=1)
        assert world.buy("2000003", 500 + index).status == "applied"
    world.office_send("student.leave", {"student_id": children["Søren Dam"]})
    return children


def test_a_class_prints_each_child_from_a_new_page_with_its_own_page_numbers(
    sqlite_engine: Engine,
) -> None:
    world = make_world(sqlite_engine)
    _school(world)
    with make_sessionmaker(sqlite_engine)() as session:
        batch = statements(session, find_class(session, "5.B"), FIRST, LAST)
    assert [data.student_name for data in batch] == ["Anton Lund", "Ida Kjær", "Signe Holm"]
    pages = page_texts(StatementRenderer().render(batch))
    assert len(pages) == 4
    owners = ["Anton Lund", "Ida Kjær", "Ida Kjær", "Signe Holm"]
    labels = ["Side 1 af 1", "Side 1 af 2", "Side 2 af 2", "Side 1 af 1"]
    for text, owner, label in zip(pages, owners, labels, strict=True):
        assert f"{owner} · 5.B · 01.11.2026 – 30.11.2026" in text
        assert label in text
        assert "Dato" in text and "Saldo (kr.)" in text
    assert "Elev" in pages[1] and "Elev" not in pages[2]  # Ida's second page continues
    assert "Saldo ultimo 30.11.2026" in pages[2]
    assert "Bertram" not in "".join(pages) and "Søren" not in "".join(pages)


def test_a_household_prints_every_child_of_the_guardian(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    _school(world)
    with make_sessionmaker(sqlite_engine)() as session:
        siblings = find_household(session, " METTE@example.dk ")
        batch = statements(session, siblings, FIRST, LAST)
    assert [(data.student_name, data.class_label) for data in batch] == [
        ("Bertram Holm", "2.A"),
        ("Signe Holm", "5.B"),
    ]
    pages = page_texts(StatementRenderer().render(batch))
    assert len(pages) == 2
    assert "Bertram Holm · 2.A" in pages[0] and "Side 1 af 1" in pages[0]
    assert "Signe Holm · 5.B" in pages[1] and "-35,00" in pages[1]
    assert "1.465,00" in pages[1]


def test_unknown_class_or_guardian_is_named(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    _school(world)
    with make_sessionmaker(sqlite_engine)() as session:
        with pytest.raises(ReportError, match=r"--class: no class '7\.C'"):
            find_class(session, "7.C")
        with pytest.raises(ReportError, match="--household: no guardian with e-mail"):
            find_household(session, "nobody@example.dk")
