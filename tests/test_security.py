"""Security: secrets stored hashed, revoked devices refused, four eyes at the server, slow
sign-in after failures, no CPR numbers anywhere, and HTTPS that the office verifies.

The role by command-type matrix, for every protocol type and both staff roles, is in
``test_engine_protocol.test_role_matrix``; over HTTP in ``test_server``.
"""

from __future__ import annotations

import datetime as dt
import re
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, inspect, select, text

from models import Account, Card, Device, Staff
from office_app.config import Settings
from office_app.db import make_engine, make_sessionmaker, migrate
from office_app.desk.login import LoginGuard, LoginPaused
from office_app.domain.ids import uuid7
from office_app.ledger.directory import hash_token, revoke_device, verify_password
from office_app.ledger.embedded import embedded_server
from office_app.ledger.tools.process import LedgerProcess
from office_app.ledger.tools.seed import seed_demo
from office_app.ledger.verify import verify
from office_app.sync.run import SyncError, client_for, open_replica, sync_once
from tests.test_server import command, post
from tests.world import YESTERDAY, make_world

CPR_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})-?\d{4}(?![0-9A-Za-z])")
CPR_COLUMN = re.compile(r"cpr|person_?n(umme)?r|ssn|social_security", re.IGNORECASE)


def _database_bytes(engine: Engine) -> bytes:
    """Everything SQLite has written for this database: the file and its write-ahead log."""
    path = Path(str(engine.url.database))
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_device_tokens_and_staff_passwords_are_stored_only_as_hashes(
    sqlite_engine: Engine,
) -> None:
    world = make_world(sqlite_engine, quick_staff=False)
    with make_sessionmaker(sqlite_engine)() as session:
        stored = dict(session.execute(select(Device.kind, Device.token_hash)).all())
        passwords = dict(session.execute(select(Staff.username, Staff.password_hash)).all())
    written = _database_bytes(sqlite_engine)
    for kind, token in world.tokens.items():
        assert stored[kind] == hash_token(token)
        assert token.encode() not in written
    for username, password_hash in passwords.items():
        assert password_hash.startswith("$argon2id$")
        assert verify_password(password_hash, f"{username}-password")
        assert not verify_password(password_hash, "kantine2026")
        assert f"{username}-password".encode() not in written


def test_a_revoked_device_is_refused_and_the_others_are_not(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    purchase = command("purchase", {"card_number": "1234567", "amount_ore": 100})
    with embedded_server(ledger_engine, clock=world.clock) as url:
        assert post(url, world.tokens["terminal"], purchase).status_code == 200
        revoke_device(ledger_engine, world.terminal.id, clock=world.clock)
        again = command("purchase", {"card_number": "1234567", "amount_ore": 100})
        refused = post(url, world.tokens["terminal"], again)
        assert refused.status_code == 401
        assert refused.json()["error"] == "unauthorized"
        headers = {"Authorization": f"Bearer {world.tokens['terminal']}"}
        assert httpx.get(f"{url}/v1/changes", headers=headers).status_code == 401
        portal = {"Authorization": f"Bearer {world.tokens['portal']}"}
        assert httpx.get(f"{url}/v1/changes", headers=portal).status_code == 200
    assert verify(ledger_engine, world.school_id) == []


def _result(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["results"][0]
    return result


def test_four_eyes_on_payouts_and_reversals_is_enforced_by_the_server(
    ledger_engine: Engine,
) -> None:
    """An office that skips its own approval screen still cannot approve its own request."""
    world = make_world(ledger_engine)
    student = world.child_with_card(100_000)
    deposit_txn = world.deposit(student, 20_000).result["txn_id"]
    token = world.tokens["office"]
    payout_id, reversal_id = str(uuid7()), str(uuid7())
    payout = {
        "student_id": str(student),
        "amount_ore": 60_000,
        "holder_name": "Mette Nielsen",
        "reg_no": "1234",
        "account_no": "12345678",
        "message": "Udbetaling",
        "payout_id": payout_id,
    }
    with embedded_server(ledger_engine, clock=world.clock) as url:
        asked = _result(post(url, token, command("payout.request", payout, "ole")))
        assert (asked["code"], asked["result"]["status"]) == ("ok", "pending_approval")
        own = _result(post(url, token, command("payout.approve", {"payout_id": payout_id}, "ole")))
        assert (own["status"], own["code"]) == ("rejected", "four_eyes_required")
        other = command("payout.approve", {"payout_id": payout_id}, "birgit")
        assert _result(post(url, token, other))["code"] == "ok"

        reverse = {"txn_id": deposit_txn, "reason": "Tastefejl", "reversal_id": reversal_id}
        assert _result(post(url, token, command("txn.reverse", reverse, "birgit")))["code"] == "ok"
        approve = {"reversal_id": reversal_id}
        own = _result(post(url, token, command("reversal.approve", approve, "birgit")))
        assert (own["status"], own["code"]) == ("rejected", "four_eyes_required")
        assert world.balance(student) == 120_000 - 60_000
        assert (
            _result(post(url, token, command("reversal.approve", approve, "ole")))["code"] == "ok"
        )
    assert world.balance(student) == 100_000 - 60_000
    assert verify(ledger_engine, world.school_id) == []


def test_sign_in_slows_down_after_three_wrong_passwords(sqlite_engine: Engine) -> None:
    make_world(sqlite_engine)
    now = [0.0]
    guard = LoginGuard(sqlite_engine, clock=lambda: now[0])
    for _ in range(3):
        assert guard.sign_in("hanne", "gæt") is None
    with pytest.raises(LoginPaused) as paused:
        guard.sign_in("hanne", "test-password")  # even the right password waits
    assert paused.value.seconds == 5
    now[0] += 5
    assert guard.sign_in("hanne", "gæt igen") is None
    with pytest.raises(LoginPaused) as longer:
        guard.sign_in("hanne", "test-password")
    assert longer.value.seconds == 10
    now[0] += 10
    signed_in = guard.sign_in("hanne", "test-password")
    assert signed_in is not None and signed_in.role == "secretary"
    assert guard.sign_in("nobody", "test-password") is None


def _cpr_like(value: str, card_numbers: set[str]) -> list[str]:
    """Numbers shaped like a CPR number, a real date DDMMYY then four digits, standing alone
    (not inside a hex digest or an id)."""
    found = []
    for match in CPR_LIKE.finditer(value):
        if match.group(0) in card_numbers:
            continue
        day, month, year = (int(part) for part in match.groups())
        try:
            dt.date(2000 + year, month, day)
        except ValueError:
            continue
        found.append(match.group(0))
    return found


def test_no_cpr_number_in_the_schema_or_the_demo_data(sqlite_engine: Engine) -> None:
    """Neither a column meant for one nor a value that looks like one (card numbers aside)."""
    world = make_world(sqlite_engine)
    seed_demo(sqlite_engine, world.school_id, students=120, days=10, seed=3, today=YESTERDAY)
    schema = inspect(sqlite_engine)
    tables = schema.get_table_names()
    columns = {table: [c["name"] for c in schema.get_columns(table)] for table in tables}
    assert not [f"{t}.{c}" for t, names in columns.items() for c in names if CPR_COLUMN.search(c)]
    with sqlite_engine.connect() as connection:
        card_numbers = set(connection.scalars(select(Card.card_number)))
        assert len(card_numbers) >= 120
        assert connection.scalar(select(Account.id).limit(1)) is not None
        suspicious = []
        for table in tables:
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for value in row:
                    if isinstance(value, str):
                        suspicious += [(table, hit) for hit in _cpr_like(value, card_numbers)]
    assert suspicious == []


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "ledger.crt", folder / "ledger.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_the_office_syncs_over_https_and_verifies_the_certificate(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    world.child_with_card(5000)
    cert, key = _self_signed_certificate(tmp_path)
    with embedded_server(sqlite_engine, clock=world.clock, certificate=(cert, key)) as url:
        assert url.startswith("https://127.0.0.1:")
        trusting = Settings(
            url, SecretStr(world.tokens["office"]), tmp_path / "office", ca_bundle=cert
        )
        with client_for(trusting) as client:
            replica = open_replica(trusting)
            assert sync_once(trusting, replica, client, clock=world.clock).waiting == 0
            replica.dispose()
        untrusting = Settings(url, SecretStr(world.tokens["office"]), tmp_path / "other")
        with client_for(untrusting) as client:
            replica = open_replica(untrusting)
            with pytest.raises(SyncError, match="CERTIFICATE_VERIFY_FAILED"):
                sync_once(untrusting, replica, client, clock=world.clock)
            replica.dispose()
        with pytest.raises(httpx.HTTPError):
            httpx.get(url.replace("https://", "http://") + "/health")
    not_a_certificate = tmp_path / "garbage.pem"
    not_a_certificate.write_text("not a certificate", encoding="utf-8")
    garbage = Settings(
        url, SecretStr(world.tokens["office"]), tmp_path / "third", ca_bundle=not_a_certificate
    )
    with pytest.raises(SyncError, match=r"ca_bundle: .* is not a readable PEM certificate file"):
        client_for(garbage)


def test_ledger_serve_speaks_https_with_a_certificate_and_refuses_a_bad_one(
    tmp_path: Path,
) -> None:
    cert, key = _self_signed_certificate(tmp_path)
    engine = make_engine(str(tmp_path / "ledger.db"))
    migrate(engine)
    engine.dispose()
    database = str(tmp_path / "ledger.db")
    with LedgerProcess(database, certificate=(cert, key)) as server:
        assert server.url.startswith("https://127.0.0.1:")
        trust = ssl.create_default_context(cafile=str(cert))
        assert httpx.get(f"{server.url}/health", verify=trust).json()["status"] == "ok"
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(f"{server.url}/health")
    not_a_key = tmp_path / "garbage.pem"
    not_a_key.write_text("not a key", encoding="utf-8")
    command = [sys.executable, "-m", "office_app", "ledger", "serve", "--database", database]
    for extra, named in (
        (["--certificate", str(cert), "--key", str(not_a_key)], "--certificate/--key: "),
        (["--certificate", str(cert)], "--certificate and --key: give both"),
    ):
        refused = subprocess.run(
            [*command, *extra, "--port", "0"],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert refused.returncode != 0
        assert named in refused.stderr
        assert "Traceback" not in refused.stderr
