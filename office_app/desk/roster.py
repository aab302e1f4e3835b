"""Roster import: compare a class list with the office's replica, then queue the changes.

The dry run (``plan``) says which children will be added, which changed and which are marked
as leaving (active children missing from the file). ``apply`` queues one ``student.upsert`` or
``student.leave`` per child in one local transaction. When the file has bad rows nothing is
applied, unless the administrator confirms how many rows are left out: then the good rows are,
and no child named on a bad row is marked as leaving (none at all when a bad row has no id to
tell whose it is). A file without guardian columns leaves every child's guardians as they are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine, select

from models import Account, Guardian, Student, StudentGuardian
from office_app.db import reading
from office_app.desk.fields import FieldProblem
from office_app.desk.roster_file import RosterFile, RosterRow
from office_app.domain.ids import uuid7
from office_app.i18n import tr
from office_app.sync.outbox import record_on


@dataclass(frozen=True)
class KnownStudent:
    student_id: uuid.UUID
    external_ref: str
    name: str
    class_label: str
    status: str
    guardians: tuple[tuple[str, str], ...]
    balance_ore: int


def _guardian_pairs(row: RosterRow) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((guardian.name, guardian.email) for guardian in row.guardians))


@dataclass(frozen=True)
class Addition:
    student_id: uuid.UUID
    row: RosterRow


@dataclass(frozen=True)
class Change:
    student_id: uuid.UUID
    row: RosterRow
    what: tuple[str, ...]


@dataclass(frozen=True)
class Leaver:
    student_id: uuid.UUID
    external_ref: str
    name: str
    class_label: str
    balance_ore: int


@dataclass(frozen=True)
class RosterPlan:
    """What applying the file would do; with ``roster.problems`` only once the administrator
    confirms their count. ``leavers_unsure`` when a bad row has no id: then nobody leaves."""

    roster: RosterFile
    additions: tuple[Addition, ...]
    changes: tuple[Change, ...]
    leavers: tuple[Leaver, ...]
    unchanged: int
    leavers_unsure: bool = False

    @property
    def can_apply(self) -> bool:
        return not self.roster.problems

    @property
    def left_out(self) -> int:
        return len(self.roster.problems)


def known_students(engine: Engine, school_id: uuid.UUID) -> dict[str, KnownStudent]:
    """Every child of the school in the replica, by the roster's id."""
    with reading(engine).connect() as connection:
        guardians: dict[uuid.UUID, list[tuple[str, str]]] = defaultdict(list)
        for student_id, name, email in connection.execute(
            select(StudentGuardian.student_id, Guardian.name, Guardian.email)
            .join(Guardian, Guardian.id == StudentGuardian.guardian_id)
            .where(StudentGuardian.school_id == school_id)
        ):
            guardians[student_id].append((name, email or ""))
        rows = connection.execute(
            select(
                Student.id,
                Student.external_ref,
                Student.name,
                Student.class_label,
                Student.status,
                Account.balance_ore,
            )
            .outerjoin(Account, Account.student_id == Student.id)
            .where(Student.school_id == school_id)
        ).all()
    return {
        row.external_ref: KnownStudent(
            row.id,
            row.external_ref,
            row.name,
            row.class_label,
            row.status,
            tuple(sorted(guardians[row.id])),
            row.balance_ore or 0,
        )
        for row in rows
    }


def _differences(known: KnownStudent, row: RosterRow, with_guardians: bool) -> tuple[str, ...]:
    what: list[str] = []
    if known.status != "active":
        what.append(tr("roster.diff.returns"))
    if known.name != row.name:
        what.append(tr("roster.diff.name", old=known.name, new=row.name))
    if known.class_label != row.class_label:
        what.append(tr("roster.diff.class", old=known.class_label, new=row.class_label))
    if with_guardians and row.guardians and known.guardians != _guardian_pairs(row):
        old = _guardians_text(known.guardians)
        new = _guardians_text(_guardian_pairs(row))
        what.append(tr("roster.diff.guardian", old=old, new=new))
    return tuple(what)


def _guardians_text(guardians: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{name} <{email}>" if email else name for name, email in guardians) or "-"


def plan(
    engine: Engine,
    school_id: uuid.UUID,
    roster: RosterFile,
    *,
    new_id: Callable[[], uuid.UUID] = uuid7,
) -> RosterPlan:
    """The dry run: additions, changes and leavers against the replica as it is now."""
    known = known_students(engine, school_id)
    additions: list[Addition] = []
    changes: list[Change] = []
    unchanged = 0
    # Siblings share their guardian's record: the first spelling of a name in the file is
    # used for every row with that e-mail, so applying the file twice changes nothing.
    guardian_names: dict[str, str] = {}
    for row in roster.rows:
        for guardian in row.guardians:
            if guardian.email and guardian.name != guardian.email:
                guardian_names.setdefault(guardian.email, guardian.name)
    for original in roster.rows:
        row = replace(
            original,
            guardians=tuple(
                replace(guardian, name=guardian_names.get(guardian.email, guardian.name))
                for guardian in original.guardians
            ),
        )
        student = known.get(row.external_ref)
        if student is None:
            additions.append(Addition(new_id(), row))
            continue
        what = _differences(student, row, roster.has_guardians)
        if what:
            changes.append(Change(student.student_id, row, what))
        else:
            unchanged += 1
    in_file = {row.external_ref for row in roster.rows}
    in_file |= {problem.external_ref for problem in roster.problems if problem.external_ref}
    unsure = any(not problem.external_ref for problem in roster.problems)
    leavers = [
        Leaver(s.student_id, s.external_ref, s.name, s.class_label, s.balance_ore)
        for s in known.values()
        if s.status == "active" and s.external_ref not in in_file and not unsure
    ]
    leavers.sort(key=lambda leaver: (leaver.class_label, leaver.name))
    return RosterPlan(
        roster, tuple(additions), tuple(changes), tuple(leavers), unchanged, leavers_unsure=unsure
    )


def _upsert(student_id: uuid.UUID, row: RosterRow, with_guardians: bool) -> dict[str, object]:
    """The child's command; guardians only from a file that has them, and a child it lists
    none for keeps those they have."""
    guardians = None
    if with_guardians and row.guardians:
        guardians = [{"name": g.name, "email": g.email} for g in row.guardians]
    return {
        "student_id": str(student_id),
        "external_ref": row.external_ref,
        "name": row.name,
        "class_label": row.class_label,
        "guardians": guardians,
    }


def apply(
    engine: Engine,
    school_id: uuid.UUID,
    device_id: uuid.UUID | None,
    roster_plan: RosterPlan,
    *,
    staff: str,
    now: dt.datetime,
    left_out: int | None = None,
) -> int:
    """Queue every command of the plan in one local transaction; return how many.

    While the file has bad rows it is refused whole (FieldProblem, nothing queued) unless
    ``left_out`` confirms how many rows are left out.
    """
    problems = len(roster_plan.roster.problems)
    if problems and left_out != problems:
        raise FieldProblem(tr("roster.refused", count=problems))
    upserts: list[Addition | Change] = [*roster_plan.additions, *roster_plan.changes]
    with_guardians = roster_plan.roster.has_guardians
    commands: list[tuple[str, dict[str, object]]] = [
        ("student.upsert", _upsert(item.student_id, item.row, with_guardians)) for item in upserts
    ]
    commands += [
        ("student.leave", {"student_id": str(leaver.student_id)}) for leaver in roster_plan.leavers
    ]
    with engine.begin() as connection:
        for command_type, payload in commands:
            record_on(connection, school_id, device_id, command_type, payload, staff=staff, now=now)
    return len(commands)
