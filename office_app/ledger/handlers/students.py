"""student.upsert and student.leave: the roster, guardians and households."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from models import Account, Guardian, Household, Student, StudentGuardian
from office_app.domain.ids import uuid7
from office_app.domain.payloads import StudentLeave, StudentUpsert
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import Rejection

CLASS_LABEL = re.compile(r"^(?P<grade>\d{1,2})\s*\.?\s*(?P<track>[A-Za-zÆØÅæøå])$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_class_label(label: str) -> str:
    """``5b``, ``5 B`` and ``5.B`` all mean class ``5.B``; grades 0 to 10."""
    match = CLASS_LABEL.match(label.strip())
    if match is None or int(match["grade"]) > 10:
        raise Rejection(
            "invalid_field", f"class_label: {label!r} is not a class such as 0.A or 5.B"
        )
    return f"{int(match['grade'])}.{match['track'].upper()}"


def upsert_student(context: ApplyContext, payload: StudentUpsert) -> Outcome:
    if not payload.name:
        raise Rejection("invalid_field", "name: a student needs a name")
    if not payload.external_ref:
        raise Rejection("invalid_field", "external_ref: a student needs the roster's id")
    class_label = normalise_class_label(payload.class_label)
    emails = [guardian.email.strip().lower() for guardian in payload.guardians]
    for email in emails:
        if not EMAIL.match(email):
            raise Rejection("invalid_field", f"guardians.email: {email!r} is not an e-mail address")
    session = context.session
    clash = session.scalar(
        select(Student.id).where(
            Student.school_id == context.school_id,
            Student.external_ref == payload.external_ref,
            Student.id != payload.student_id,
        )
    )
    if clash is not None:
        raise Rejection(
            "invalid_field", f"external_ref: {payload.external_ref!r} belongs to another student"
        )
    student = session.get(Student, payload.student_id)
    if student is not None and student.school_id != context.school_id:
        raise Rejection("invalid_field", "student_id: belongs to another school")
    created = student is None
    if student is None:
        student = Student(
            id=payload.student_id,
            school_id=context.school_id,
            created_at=context.now,
        )
        session.add(student)
    student.external_ref = payload.external_ref
    student.name = payload.name
    student.class_label = class_label
    student.status = "active"
    student.left_at = None
    student.seq = context.seq
    session.flush()
    if created:
        session.add(
            Account(
                id=uuid7(),
                school_id=context.school_id,
                kind="wallet",
                student_id=student.id,
                balance_ore=0,
                seq=context.seq,
            )
        )

    existing = {
        guardian.email: guardian
        for guardian in session.scalars(
            select(Guardian).where(
                Guardian.school_id == context.school_id, Guardian.email.in_(emails)
            )
        )
    }
    household_id = student.household_id or next(
        (existing[email].household_id for email in emails if email in existing), None
    )
    if household_id is None and emails:
        household_id = uuid7()
        session.add(Household(id=household_id, school_id=context.school_id, seq=context.seq))
        session.flush()
    student.household_id = household_id
    session.execute(delete(StudentGuardian).where(StudentGuardian.student_id == student.id))
    for guardian_in, email in zip(payload.guardians, emails, strict=True):
        guardian = existing.get(email)
        if guardian is None:
            assert household_id is not None
            guardian = Guardian(
                id=uuid7(), school_id=context.school_id, email=email, household_id=household_id
            )
            session.add(guardian)
            existing[email] = guardian
        guardian.name = guardian_in.name or email
        guardian.seq = context.seq
        session.flush()
        session.add(
            StudentGuardian(
                student_id=student.id, guardian_id=guardian.id, school_id=context.school_id
            )
        )
    context.audit_subject = str(student.id)
    verb = "added" if created else "updated"
    return Outcome(f"{student.name} ({class_label}) {verb}", {"student_id": str(student.id)})


def leave_student(context: ApplyContext, payload: StudentLeave) -> Outcome:
    student = context.student(payload.student_id)
    context.audit_subject = str(student.id)
    if student.status == "left":
        return Outcome(f"{student.name} had already left", {"student_id": str(student.id)})
    student.status = "left"
    student.left_at = context.now
    student.seq = context.seq
    balance = context.wallet(student.id).balance_ore
    return Outcome(
        f"{student.name} marked as leaving",
        {"student_id": str(student.id), "balance_ore": balance},
    )
