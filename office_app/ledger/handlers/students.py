"""student.upsert and student.leave: the roster, guardians and households."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import delete, select

from models import Account, Guardian, Household, Student, StudentGuardian
from office_app.domain.classes import ClassLabelError, normalise_class_label
from office_app.domain.ids import uuid7
from office_app.domain.payloads import GuardianIn, StudentLeave, StudentUpsert
from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.errors import Rejection
from office_app.ledger.handlers.cards import block_cards_of_leaver

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CLASS_RULES = {
    "empty": "a student needs a class",
    "too_long": "at most 16 characters",
    "control": "may not contain control characters",
}


def _class_label(label: str) -> str:
    try:
        return normalise_class_label(label)
    except ClassLabelError as error:
        raise Rejection("invalid_field", f"class_label: {CLASS_RULES[error.rule]}") from None


def upsert_student(context: ApplyContext, payload: StudentUpsert) -> Outcome:
    if not payload.name:
        raise Rejection("invalid_field", "name: a student needs a name")
    if not payload.external_ref:
        raise Rejection("invalid_field", "external_ref: a student needs the roster's id")
    class_label = _class_label(payload.class_label)
    guardians = payload.guardians
    emails = [guardian.email.strip().lower() for guardian in guardians or []]
    for email in emails:
        if email and not EMAIL.match(email):
            raise Rejection("invalid_field", f"guardians.email: {email!r} is not an e-mail address")
    if any(
        not email and not guardian.name
        for guardian, email in zip(guardians or [], emails, strict=True)
    ):
        raise Rejection("invalid_field", "guardians.name: a guardian without e-mail needs a name")
    named = [email for email in emails if email]
    if len(set(named)) != len(named):
        raise Rejection("invalid_field", "guardians.email: a guardian is named twice")
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
    if guardians is not None:
        _replace_guardians(context, student, list(zip(guardians, emails, strict=True)))
    context.audit_subject = str(student.id)
    verb = "added" if created else "updated"
    return Outcome(f"{student.name} ({class_label}) {verb}", {"student_id": str(student.id)})


def _replace_guardians(
    context: ApplyContext, student: Student, guardians: list[tuple[GuardianIn, str]]
) -> None:
    """The child's guardians become exactly these; siblings share a guardian's record.

    A guardian with an e-mail address is the school's one record for that address. One
    without (address protection) is known by name among the guardians of the child's own
    household, so importing the same list again finds the same record.
    """
    session = context.session
    emails = [email for _, email in guardians if email]
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
    if household_id is None and guardians:
        household_id = uuid7()
        session.add(Household(id=household_id, school_id=context.school_id, seq=context.seq))
        session.flush()
    student.household_id = household_id
    unaddressed = _unaddressed_by_name(context, household_id)
    session.execute(delete(StudentGuardian).where(StudentGuardian.student_id == student.id))
    linked: set[uuid.UUID] = set()
    for guardian_in, email in guardians:
        guardian = existing.get(email) if email else unaddressed.pop(guardian_in.name, None)
        if guardian is None:
            assert household_id is not None
            guardian = Guardian(
                id=uuid7(),
                school_id=context.school_id,
                email=email or None,
                household_id=household_id,
            )
            session.add(guardian)
            if email:
                existing[email] = guardian
        guardian.name = guardian_in.name or email
        guardian.seq = context.seq
        session.flush()
        if guardian.id in linked:
            continue
        linked.add(guardian.id)
        session.add(
            StudentGuardian(
                student_id=student.id, guardian_id=guardian.id, school_id=context.school_id
            )
        )


def _unaddressed_by_name(
    context: ApplyContext, household_id: uuid.UUID | None
) -> dict[str, Guardian]:
    if household_id is None:
        return {}
    return {
        guardian.name: guardian
        for guardian in context.session.scalars(
            select(Guardian)
            .where(Guardian.household_id == household_id, Guardian.email.is_(None))
            .order_by(Guardian.id)
        )
    }


def leave_student(context: ApplyContext, payload: StudentLeave) -> Outcome:
    """The child leaves: marked as left, and every active card blocked (reason ``left``,
    with its card event) in the same transaction, so no till accepts it from now on."""
    student = context.student(payload.student_id)
    if student.status == "left":
        context.audit_subject = str(student.id)
        return Outcome(f"{student.name} had already left", {"student_id": str(student.id)})
    student.status = "left"
    student.left_at = context.now
    student.seq = context.seq
    blocked = block_cards_of_leaver(context, student.id)
    context.audit_subject = str(student.id)
    context.audit_details = {"blocked_cards": blocked} if blocked else {}
    balance = context.wallet(student.id).balance_ore
    said = f"; card {', '.join(blocked)} blocked" if blocked else ""
    return Outcome(
        f"{student.name} marked as leaving{said}",
        {"student_id": str(student.id), "balance_ore": balance, "blocked_cards": blocked},
    )
