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

from models import CommandRecord, OutboxCommand, Student
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
        assert {a.row.guardians[0].name for a in first.additions} == {"Mette Berg"}
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
    with pytest.raises(FieldProblem, match="Nothing imported: correct the problem in the file"):
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


def guardians_of(engine: Engine, external_ref: str) -> list[tuple[str, str | None]]:
    from models import Guardian, StudentGuardian

    with engine.connect() as connection:
        return sorted(
            connection.execute(
                select(Guardian.name, Guardian.email)
                .join(StudentGuardian, StudentGuardian.guardian_id == Guardian.id)
                .join(Student, Student.id == StudentGuardian.student_id)
                .where(Student.external_ref == external_ref)
            ).all(),
            key=lambda pair: pair[0],
        )


SHAPES = {
    "utf-8 ; Forælder 1/2 columns": (
        "Elevnr;Fornavn;Efternavn;Klasse;Forælder 1;Forælder 1 e-mail;Forælder 2;"
        "Forælder 2 e-mail;CPR\r\n"
        "S1;Zoë;Ærø;bh.A;Mette Ærø;mette@example.dk;Jens Ærø;;010203-1234\r\n",
        "utf-8-sig",
    ),
    "utf-16 tabs, Excel's Unicode text": (
        "Elevnr\tFornavn\tEfternavn\tKlassetrin\tHovedgruppe\tForælder 1\tForælder 1 e-mail"
        "\tForælder 2\tForælder 2 e-mail\r\n"
        "S1\tZoë\tÆrø\t7.-9.\tH\tMette Ærø\tmette@example.dk\tJens Ærø\t\r\n",
        "utf-16",
    ),
    "windows-1252 , one row per guardian": (
        "Elevnr,Fornavn,Efternavn,Klasse,Værge,Værge e-mail\r\n"
        "S1,Zoë,Ærø,M1,Mette Ærø,mette@example.dk\r\n"
        "S1,Zoë,Ærø,M1,Jens Ærø,\r\n",
        "cp1252",
    ),
    "¤ with a heading row and grade + track": (
        "Elevnr¤Fornavn¤Efternavn¤Klassetrin¤Spor¤Kontaktperson 1¤Kontaktperson 1 mail"
        "¤Kontaktperson 2¤Kontaktperson 2 mail\r\n"
        "S1¤Zoë¤Ærø¤0¤a¤Mette Ærø¤mette@example.dk¤Jens Ærø¤\r\n",
        "cp1252",
    ),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_brings_both_guardians_to_the_ledger_and_back(
    shape: str, sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    text, encoding = SHAPES[shape]
    world = make_world(sqlite_engine)
    office = office_replica(sqlite_template, tmp_path)
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)
        dry_run = plan(office, world.school_id, parse(text.encode(encoding)))
        assert dry_run.can_apply, dry_run.roster.problems
        assert apply(office, world.school_id, None, dry_run, staff="ole", now=NOW) == 1
        assert send_pending(office, client, now=NOW).applied == 1
        pull(office, client)
        again = plan(office, world.school_id, parse(text.encode(encoding)))
    expected = [("Jens Ærø", None), ("Mette Ærø", "mette@example.dk")]
    assert guardians_of(sqlite_engine, "S1") == expected
    assert guardians_of(office, "S1") == expected, "the replica has both after sync"
    assert (len(again.additions), len(again.changes), again.unchanged) == (0, 0, 1)
    with office.connect() as connection:
        stored = connection.execute(select(Student.name, Student.class_label)).one()
    assert stored[0] == "Zoë Ærø"
    assert stored[1] in ("bh.A", "7.-9. H", "M1", "0.A")
    office.dispose()


def test_a_tabulex_file_keeps_the_guardians_and_a_cpr_is_never_stored(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    enrol(world, "501001", "Test Testesen", "8.Y", "Karen Testesen")
    office = office_replica(sqlite_template, tmp_path)
    text = (
        "2026/2027\r\n"
        "501001¤280202¤Skovbo Skole¤Test¤Testesen¤1234567890¤Skovvej 1¤Lund¤8700¤Horsens¤9¤Y"
        "¤2017¤Y10¤\r\n"
    )
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)
        dry_run = plan(office, world.school_id, parse(text.encode("cp1252")))
        assert [change.what for change in dry_run.changes] == [("class 8.Y → 9.Y",)]
        apply(office, world.school_id, None, dry_run, staff="ole", now=NOW)
        assert send_pending(office, client, now=NOW).applied == 1
    assert guardians_of(sqlite_engine, "501001") == [("Karen Testesen", "501001@example.dk")]
    with sqlite_engine.connect() as connection:
        on_ledger = connection.execute(select(CommandRecord.payload)).scalars().all()
    with office.connect() as connection:
        queued_payloads = connection.execute(select(OutboxCommand.payload)).scalars().all()
    assert queued_payloads and on_ledger
    assert "1234567890" not in repr(on_ledger) + repr(queued_payloads), "CPR is never stored"
    office.dispose()


def test_good_rows_are_applied_only_after_confirming_how_many_are_left_out(
    sqlite_engine: Engine, sqlite_template: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    enrol(world, "2", "Bo Berg", "5.B", "Mor")
    enrol(world, "3", "Cai Berg", "5.B", "Mor")
    office = office_replica(sqlite_template, tmp_path)
    file = roster(
        "1;Anna;Berg;5.B;Mor;mor@example.dk",
        "2;Bo;Berg;5.B;Mor;mor(at)example.dk",
    )
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with (
        embedded_server(sqlite_engine, clock=world.clock) as url,
        httpx.Client(base_url=url, headers=headers) as client,
    ):
        pull(office, client, world.school_id)
        dry_run = plan(office, world.school_id, parse(file))
        assert dry_run.left_out == 1 and not dry_run.can_apply
        assert [leaver.external_ref for leaver in dry_run.leavers] == ["3"], "Bo is in the file"
        for wrong in (None, 0, 2):
            with pytest.raises(FieldProblem, match="Nothing imported"):
                apply(office, world.school_id, None, dry_run, staff="ole", now=NOW, left_out=wrong)
        assert queued(office) == 0
        assert apply(office, world.school_id, None, dry_run, staff="ole", now=NOW, left_out=1) == 2
        assert send_pending(office, client, now=NOW).applied == 2
    with sqlite_engine.connect() as connection:
        states = dict(connection.execute(select(Student.external_ref, Student.status)).all())
    assert states == {"1": "active", "2": "active", "3": "left"}
    office.dispose()


@pytest.mark.usefixtures("office_settings")
def test_import_roster_command_skips_bad_rows_only_with_their_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "elever.txt"
    file.write_bytes(
        "Elevnr\tFornavn\tEfternavn\tKlasse\tForælder 1\tForælder 1 e-mail\tCPR\r\n"
        "1\tAnna\tBerg\t5.B\tMor\tmor@example.dk\t010101-1111\r\n"
        "2\tBo\tBerg\t5.B\tMor\tmor(at)example.dk\t\r\n".encode("utf-16")
    )
    assert main(["import-roster", str(file), "--apply", "--staff", "ole"]) == 1
    out = capsys.readouterr().out
    assert "UTF-16, 'tab'" in out
    assert "These columns are not read and never stored: CPR" in out
    assert "Nothing imported" in out
    skip = ["import-roster", str(file), "--apply", "--staff", "ole", "--skip-bad-rows"]
    assert main([*skip, "2"]) == 1
    assert "--skip-bad-rows: the file has 1 row with a problem" in capsys.readouterr().err
    assert main([*skip, "1"]) == 0
    assert "1 change queued for the ledger" in capsys.readouterr().out
