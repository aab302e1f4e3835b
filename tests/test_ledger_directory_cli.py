"""``office-app ledger devices`` and ``office-app ledger staff`` on SQLite and PostgreSQL: a
rotated token replaces the old one at once, a revoked one is refused, a staff member who left
is deactivated and a forgotten password reset, each audited in the school's chain."""

from __future__ import annotations

import io
import json
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from models import AuditEvent, Staff
from office_app.cli import main
from office_app.db import make_engine, migrate
from office_app.domain.passwords import verify_password
from office_app.ledger.directory import create_school
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from tests.conftest import create_postgres_database, postgres_base_url
from tests.world import World, make_world


def _database(backend: str, tmp_path: Path) -> tuple[str, Engine]:
    if backend == "sqlite":
        url = str(tmp_path / "ledger.db")
    else:
        base_url = postgres_base_url()
        if base_url is None:
            pytest.skip("OFFICE_APP_TEST_POSTGRES not set")
        url = create_postgres_database(base_url)
    engine = make_engine(url)
    migrate(engine)
    return url, engine


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _feed(url: str, token: str) -> int:
    return httpx.get(f"{url}/v1/changes", headers={"Authorization": f"Bearer {token}"}).status_code


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_devices_are_listed_rotated_once_and_revoked(
    backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database, engine = _database(backend, tmp_path)
    world = make_world(engine)
    code, out, _ = _run(capsys, "ledger", "devices", "--database", database, "--json")
    listed = json.loads(out)
    assert code == 0 and {d["kind"] for d in listed} == {"office", "terminal", "portal"}
    assert all("token" not in json.dumps(d) for d in listed)
    with embedded_server(engine, clock=world.clock) as url:
        assert _feed(url, world.tokens["terminal"]) == 200
        code, out, _ = _run(
            capsys,
            "ledger",
            "devices",
            "rotate",
            "--device",
            str(world.terminal.id),
            "--database",
            database,
            "--json",
        )
        new_token = json.loads(out)["token"]
        assert code == 0 and new_token != world.tokens["terminal"]
        assert _feed(url, world.tokens["terminal"]) == 401
        assert _feed(url, new_token) == 200
        code, out, _ = _run(
            capsys,
            "ledger",
            "devices",
            "--database",
            database,
            "revoke",
            "--device",
            str(world.terminal.id),
        )
        assert code == 0 and "revoked" in out
        assert _feed(url, new_token) == 401
        assert _feed(url, world.tokens["office"]) == 200
    code, _, err = _run(
        capsys,
        "ledger",
        "devices",
        "rotate",
        "--device",
        str(world.terminal.id),
        "--database",
        database,
    )
    assert code == 1 and err.startswith("office-app: --device: ") and "revoked" in err
    assert len(err.splitlines()) == 1
    code, out, _ = _run(capsys, "ledger", "devices", "--database", database)
    assert "revoked" in out and new_token not in out
    assert _actions(engine, world) >= {"device.rotate", "device.revoke"}
    assert verify(engine, world.school_id) == []


def _actions(engine: Engine, world: World) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.school_id == world.school_id, AuditEvent.device_id.is_(None)
                )
            )
        )


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_staff_are_listed_deactivated_and_their_passwords_reset(
    backend: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database, engine = _database(backend, tmp_path)
    world = make_world(engine)
    code, out, _ = _run(capsys, "ledger", "staff", "--database", database, "--json")
    assert code == 0
    assert {(s["username"], s["active"]) for s in json.loads(out)} == {
        ("hanne", True),
        ("ole", True),
        ("birgit", True),
    }
    assert "password" not in out
    code, out, _ = _run(
        capsys, "ledger", "staff", "deactivate", "--username", "hanne", "--database", database
    )
    assert code == 0 and "can no longer sign in" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("glemt-og-fundet-1\n"))
    code, out, _ = _run(
        capsys, "ledger", "staff", "--database", database, "reset-password", "--username", "ole"
    )
    assert code == 0
    with engine.connect() as connection:
        rows = {row.username: row for row in connection.execute(select(Staff))}
    assert rows["hanne"].active is False
    assert verify_password(rows["ole"].password_hash, "glemt-og-fundet-1")
    assert rows["ole"].seq > 1 and rows["hanne"].seq > 1  # the offices will replicate both
    code, out, _ = _run(capsys, "ledger", "staff", "list", "--database", database)
    assert "hanne" in out and "deactivated" in out
    assert _actions(engine, world) >= {"staff.deactivate", "staff.reset_password"}
    assert verify(engine, world.school_id) == []
    # Bad input: one line each, nothing changed.
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    code, _, err = _run(
        capsys, "ledger", "staff", "reset-password", "--username", "ole", "--database", database
    )
    assert code == 1 and err == "office-app: password: 8 to 200 characters\n"
    code, _, err = _run(
        capsys, "ledger", "staff", "deactivate", "--username", "nobody", "--database", database
    )
    assert code == 1 and err.startswith("office-app: --username: no staff member 'nobody'")
    create_school(engine, "Anden skole", clock=world.clock)
    code, _, err = _run(
        capsys, "ledger", "staff", "deactivate", "--username", "ole", "--database", database
    )
    assert code == 1 and "several schools; name one" in err
    code, _, _ = _run(
        capsys,
        "ledger",
        "staff",
        "deactivate",
        "--username",
        "ole",
        "--school",
        str(world.school_id),
        "--database",
        database,
    )
    assert code == 0
