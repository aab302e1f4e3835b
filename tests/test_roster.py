"""Roster import against the real ledger: the dry run, applying all or nothing, a large school,
and ``office-app import-roster``."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from models import OutboxCommand, Student
from office_app.cli import main
from office_app.db import make_engine
from office_app.desk.fields import FieldProblem
from office_app.desk.roster import apply, plan
from office_app.desk.roster_file import parse
from office_app.i18n import set_language
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from office_app.sync.outbox import status
from office_app.sync.puller import pull
from office_app.sync.sender import send_pending
from tests.world import World, make_world

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
HEADING = "Elevnr;Fornavn;Efternavn;Klasse;Forældrenavn;Forældre e-mail"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("da")


def enrol(world: World, ref: str, name: str, class_label: str, guardian: str) -> uuid.UUID:
    student_id = uuid.uuid4()
    email = f"{ref}@example.dk"
    result = world.office_send(
        "student.upsert",
        {
            "student_id": student_id,
            "external_ref": ref,
            "name": name,
            "class_label": class_label,
            "guardians": [{"name": guardian, "email": email}],
        },
    )
    assert result.status == "applied", result
    return student_id


def office_replica(template: Path, folder: Path) -> Engine:
    shutil.copy(template, folder / "office.db")
    return make_engine(str(folder / "office.db"))


def roster(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADING, *rows]) + "\r\n").encode()


def queued(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(OutboxCommand)).scalar_one()


def test_dry_run_then_apply_adds_changes_and_marks_leavers(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    ase = enrol(world, "1001", "Åse Østergaard", "4.B", "Søren Østergaard")
    enrol(world, "1002", "Mads Berg", "5.B", "Lise Berg")
    leaving = enrol(world, "1003", "Tove Holm", "6.A", "Karen Holm")
    world.deposit(leaving, 2500)
    office = office_replica(sqlite_template, tmp_path)
    file = roster(
        "1001;Åse;Østergaard;5b;Søren Østergaard;1001@example.dk",
        "1002;Mads;Berg;5.B;Lise Berg;1002@example.dk",
        "1004;Ida;Krogh;0.a;Peter Krogh;peter@example.dk",
    )
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)
        dry_run = plan(office, world.school_id, parse(file))
        assert [a.row.name for a in dry_run.additions] == ["Ida Krogh"]
        assert [(c.student_id, c.what) for c in dry_run.changes] == [(ase, ("class 4.B → 5.B",))]
        assert [(leaver.name, leaver.balance_ore) for leaver in dry_run.leavers] == [
            ("Tove Holm", 2500)
        ]
        assert dry_run.unchanged == 1
        assert queued(office) == 0, "a dry run queues nothing"

        assert apply(office, world.school_id, None, dry_run, staff="ole", now=NOW) == 3
        report = send_pending(office, client, now=NOW)
        assert (report.applied, report.rejected) == (3, 0)
        pull(office, client)
        again = plan(office, world.school_id, parse(file))
        assert (len(again.additions), len(again.changes), len(again.leavers)) == (0, 0, 0)
        assert again.unchanged == 3
    with sqlite_engine.connect() as connection:
        students = dict(connection.execute(select(Student.external_ref, Student.status)).all())
        new_class = connection.execute(
            select(Student.class_label).where(Student.external_ref == "1004")
        ).scalar()
    assert students == {"1001": "active", "1002": "active", "1003": "left", "1004": "active"}
    assert new_class == "0.A"
    assert world.balance(leaving) == 2500, "a leaver's money stays until it is paid out or moved"
    assert verify(office, world.school_id) == []
    office.dispose()


def test_siblings_whose_guardian_is_spelled_two_ways_settle_after_one_import(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    office = office_replica(sqlite_template, tmp_path)
    file = roster(
        "1;Anna;Berg;5.B;;mor@example.dk",
        "2;Bo;Berg;2.A;Mette Berg;mor@example.dk",
        "3;Ib;Berg;0.A;Mette S. Berg;mor@example.dk",
    )
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)
        first = plan(office, world.school_id, parse(file))
        assert {a.row.guardian_name for a in first.additions} == {"Mette Berg"}
        apply(office, world.school_id, None, first, staff="ole", now=NOW)
        assert send_pending(office, client, now=NOW).applied == 3
        pull(office, client)
        again = plan(office, world.school_id, parse(file))
    assert (len(again.changes), again.unchanged) == (0, 3)
    office.dispose()


def test_a_file_with_one_bad_row_queues_nothing(sqlite_template: Path, tmp_path: Path) -> None:
    office = office_replica(sqlite_template, tmp_path)
    school_id = uuid.uuid4()
    file = roster(
        "1;Anna;Berg;5.B;Mor;mor@example.dk",
        "2;Bo;Berg;5.B;Mor;mor(at)example.dk",
    )
    dry_run = plan(office, school_id, parse(file))
    assert len(dry_run.additions) == 1 and not dry_run.can_apply
    with pytest.raises(FieldProblem, match="Nothing imported: correct the 1 problems"):
        apply(office, school_id, None, dry_run, staff="ole", now=NOW)
    assert queued(office) == 0
    office.dispose()


def test_a_school_of_5000_children_is_imported_in_one_go(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    office = office_replica(sqlite_template, tmp_path)
    rows = [
        f"{10000 + n};Barn{n};Æblegård;{n % 10}.{'ABCD'[n % 4]};"
        f"Forælder {n // 2};foraelder{n // 2}@example.dk"
        for n in range(5000)
    ]
    file = roster(*rows)
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers, timeout=300) as client,
    ):
        pull(office, client, world.school_id)
        dry_run = plan(office, world.school_id, parse(file))
        assert len(dry_run.additions) == 5000 and dry_run.can_apply
        assert apply(office, world.school_id, None, dry_run, staff="ole", now=NOW) == 5000
        report = send_pending(office, client, now=NOW)
        assert (report.applied, report.rejected) == (5000, 0)
        pull(office, client)
        again = plan(office, world.school_id, parse(file))
        assert (len(again.additions), len(again.changes), again.unchanged) == (0, 0, 5000)
    with sqlite_engine.connect() as connection:
        on_ledger = connection.execute(
            select(func.count()).where(
                Student.school_id == world.school_id, Student.status == "active"
            )
        ).scalar_one()
        siblings = connection.execute(
            select(func.count(func.distinct(Student.household_id))).where(
                Student.school_id == world.school_id
            )
        ).scalar_one()
    assert on_ledger == 5000
    assert siblings == 2500, "children sharing a guardian's e-mail share a household"
    office.dispose()


@pytest.fixture
def office_settings(
    sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    world = make_world(sqlite_engine)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", world.tokens["office"])
        monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path / "office"))
        monkeypatch.setenv("OFFICE_APP_LANGUAGE", "en")
        yield world


def test_import_roster_command_dry_run_and_apply(
    office_settings: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = office_settings
    enrol(world, "1003", "Tove Holm", "6.A", "Karen Holm")
    file = tmp_path / "elever.csv"
    file.write_bytes(
        "Elevnr,Fornavn,Efternavn,Klasse,Forældrenavn,Forældre e-mail\r\n"
        "1004,Ida,Krøgh,0a,Peter Krøgh,peter@example.dk\r\n".encode("cp1252")
    )
    assert main(["import-roster", str(file)]) == 0
    out = capsys.readouterr().out
    assert "Windows-1252, ','" in out
    assert "New: Ida Krøgh (0.A), id 1004" in out
    assert "Leaving: Tove Holm (6.A), balance 0.00 kr." in out
    assert "1 new, 0 changed, 1 leaving, 0 unchanged" in out

    assert main(["import-roster", str(file), "--apply", "--staff", "hanne"]) == 1
    assert "--staff: 'hanne' is not an active admin" in capsys.readouterr().err
    assert main(["import-roster", str(file), "--apply"]) == 1
    assert "--staff: --apply needs the username of an admin" in capsys.readouterr().err

    assert main(["import-roster", str(file), "--apply", "--staff", "ole"]) == 0
    out = capsys.readouterr().out
    assert "2 changes queued for the ledger" in out
    assert "Waiting: 0. Needs attention: 0." in out
    with world.engine.connect() as connection:
        students = dict(connection.execute(select(Student.name, Student.status)).all())
    assert students == {"Tove Holm": "left", "Ida Krøgh": "active"}


@pytest.mark.usefixtures("office_settings")
def test_import_roster_command_lists_bad_rows_and_applies_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "elever.csv"
    file.write_bytes(roster("1;Anna;Berg;5.B;Mor;mor@example.dk", "1;Bo;Berg;5.B;Far;f@x.dk"))
    assert main(["import-roster", str(file), "--apply", "--staff", "ole"]) == 1
    out = capsys.readouterr().out
    assert "  line 3: external id '1' is also on line 2" in out
    assert "Nothing imported" in out
    replica = make_engine(str(tmp_path / "office" / "office.db"))
    assert status(replica).waiting == 0 and queued(replica) == 0
    replica.dispose()
    missing = tmp_path / "missing.csv"
    assert main(["import-roster", str(missing)]) == 1
    error = capsys.readouterr().err.strip()
    assert error == f"office-app: {missing}: cannot be read (No such file or directory)"
