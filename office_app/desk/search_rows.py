"""What the search index is built from: every child of the replica with the words that find it."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, select

from models import Card, Guardian, Student, StudentGuardian
from office_app.db import reading
from office_app.desk.search import IndexRow


def index_rows(engine: Engine) -> list[IndexRow]:
    """Every child with name, class, card numbers, pupil number and guardians (names and
    e-mails), for the search index."""
    with reading(engine).connect() as connection:
        cards: dict[uuid.UUID, list[str]] = {}
        for student_id, number in connection.execute(select(Card.student_id, Card.card_number)):
            cards.setdefault(student_id, []).append(number)
        people: dict[uuid.UUID, list[str]] = {}
        for student_id, name, email in connection.execute(
            select(StudentGuardian.student_id, Guardian.name, Guardian.email).join(
                Guardian, Guardian.id == StudentGuardian.guardian_id
            )
        ):
            people.setdefault(student_id, []).extend(part for part in (name, email) if part)
        return [
            IndexRow(
                student_id,
                name,
                label,
                tuple(cards.get(student_id, ())),
                " ".join([ref or "", *people.get(student_id, ())]),
            )
            for student_id, name, label, ref in connection.execute(
                select(Student.id, Student.name, Student.class_label, Student.external_ref)
            )
        ]
