"""``office-app ledger ...`` on SQLite and PostgreSQL: set-up, seeding, verify, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from office_app.cli import main
from office_app.db import make_engine
from tests.conftest import create_postgres_database, postgres_base_url


def _database(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return str(tmp_path / "ledger.db")
    base_url = postgres_base_url()
    if base_url is None:
        pytest.skip("OFFICE_APP_TEST_POSTGRES not set")
    return create_postgres_database(base_url)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _init(capsys: pytest.CaptureFixture[str], database: str) -> str:
    code, out, _ = _run(
        capsys, "ledger", "init", "--database", database, "--school-name", "Skovbo", "--json"
    )
    assert code == 0
    school_id: str = json.loads(out)["school_id"]
    return school_id


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_init_seed_verify(backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = _database(backend, tmp_path)
    school_id = _init(capsys, database)
    code, out, err = _run(
        capsys,
        "ledger",
        "seed-demo",
        "--database",
        database,
        "--school",
        school_id,
        "--students",
        "40",
        "--days",
        "12",
        "--seed",
        "7",
    )
    assert code == 0, err
    assert "40 students" in out
    assert "purchase:ok" in out
    code, out, _ = _run(capsys, "ledger", "verify", "--database", database)
    assert code == 0
    assert "All invariants hold" in out


def test_seed_demo_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for name in ("a.db", "b.db"):
        database = str(tmp_path / name)
        school_id = _init(capsys, database)
        _run(
            capsys,
            "ledger",
            "seed-demo",
            "--database",
            database,
            "--school",
            school_id,
            "--students",
            "25",
            "--days",
            "8",
            "--seed",
            "42",
        )
        engine = make_engine(database)
        with engine.connect() as connection:
            outputs.append(
                connection.execute(
                    text(
                        "SELECT s.name, s.class_label, a.balance_ore FROM students s "
                        "JOIN accounts a ON a.student_id = s.id ORDER BY s.name, a.balance_ore"
                    )
                ).all()
            )
        engine.dispose()
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 25


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_entry_altered_by_hand_makes_verify_fail_naming_the_account(
    backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _database(backend, tmp_path)
    school_id = _init(capsys, database)
    _run(
        capsys,
        "ledger",
        "seed-demo",
        "--database",
        database,
        "--school",
        school_id,
        "--students",
        "10",
        "--days",
        "3",
        "--seed",
        "1",
    )
    engine = make_engine(database)
    with engine.begin() as connection:
        account_id, name = connection.execute(
            text(
                "SELECT a.id, s.name FROM ledger_entries e JOIN accounts a ON a.id = e.account_id "
                "JOIN students s ON s.id = a.student_id ORDER BY e.id LIMIT 1"
            )
        ).one()
        if backend == "sqlite":
            connection.execute(text("DROP TRIGGER trg_ledger_entries_no_update"))
        else:
            connection.execute(text("ALTER TABLE ledger_entries DISABLE TRIGGER USER"))
        connection.execute(
            text("UPDATE ledger_entries SET amount_ore = amount_ore + 100 WHERE account_id = :a"),
            {"a": account_id},
        )
    engine.dispose()
    code, out, _ = _run(capsys, "ledger", "verify", "--database", database)
    assert code == 1
    broken = {line.split(":")[0] for line in out.splitlines() if line.startswith("I")}
    assert {"I1", "I2", "I3", "I10"} <= broken
    assert f"wallet of {name}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add-device", "--school", "42", "--kind", "office", "--name", "x"], "not a school id"),
        (["add-device", "--kind", "toaster", "--name", "x"], "invalid choice"),
        (["seed-demo", "--students", "0"], "between 1 and"),
        (["seed-demo", "--days", "many"], "not a whole number"),
    ],
)
def test_bad_arguments_give_one_clear_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = str(tmp_path / "ledger.db")
    school_id = _init(capsys, database)
    if "--school" not in args:
        args = [*args, "--school", school_id]
    with pytest.raises(SystemExit) as exit_info:
        main(["ledger", *args, "--database", database])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("{tmp}/missing.db", "does not exist"),
        ("{tmp}/garbage.db", "cannot open the database"),
        ("nosuch://host/db", "is not a database URL"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot open the database"),
        ("{tmp}/empty.db", "not a ledger database"),
    ],
)
def test_bad_databases_give_one_clear_line(
    database: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "garbage.db").write_text("this is not a database\n" * 100)
    (tmp_path / "empty.db").touch()
    code, _, err = _run(capsys, "ledger", "verify", "--database", database.format(tmp=tmp_path))
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_admin_errors_name_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = str(tmp_path / "ledger.db")
    school_id = _init(capsys, database)
    unknown = "01a20beb-637f-73a7-830b-fc8e6b125dd0"
    code, _, err = _run(
        capsys,
        "ledger",
        "add-device",
        "--database",
        database,
        "--school",
        unknown,
        "--kind",
        "office",
        "--name",
        "Kontor",
    )
    assert (code, err.strip()) == (1, f"office-app: --school: no school with id {unknown}")
    code, _, err = _run(capsys, "ledger", "init", "--database", database, "--school-name", "  ")
    assert (code, err.strip()) == (1, "office-app: --school-name: a school needs a name")
    assert school_id


def test_console_script_add_staff_reads_password_from_stdin(tmp_path: Path) -> None:
    """The installed command, as an operator runs it: password piped in, then refused twice."""
    database = str(tmp_path / "ledger.db")
    office_app = [sys.executable, "-m", "office_app"]
    init = subprocess.run(
        [*office_app, "ledger", "init", "--database", database, "--school-name", "S", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    school_id = json.loads(init.stdout)["school_id"]
    add = [
        *office_app,
        "ledger",
        "add-staff",
        "--database",
        database,
        "--school",
        school_id,
        "--username",
        "hanne",
        "--role",
        "secretary",
        "--name",
        "Hanne Sørensen",
    ]
    first = subprocess.run(add, input="long-enough\n", capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(add, input="long-enough\n", capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert again.stderr.strip() == "office-app: --username: 'hanne' already exists at this school"
    short = subprocess.run(
        [*add[:-6], "--username", "ole", "--role", "admin", "--name", "Ole Madsen"],
        input="kort\n",
        check=False,
        capture_output=True,
        text=True,
    )
    assert short.stderr.strip() == "office-app: password: 8 to 200 characters"
