"""``office-app sync --once`` against the real server, and its one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine

from office_app.cli import main
from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.sync.outbox import status
from tests.world import make_world


def test_sync_once_bootstraps_the_replica(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = make_world(sqlite_engine)
    world.deposit(world.add_student(), 1500)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", world.tokens["office"])
        monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path))
        assert main(["sync", "--once"]) == 0
    assert "Waiting: 0. Needs attention: 0." in capsys.readouterr().out
    replica = make_engine(str(tmp_path / "office.db"))
    assert status(replica).waiting == 0
    replica.dispose()


@pytest.mark.parametrize(
    ("url", "token", "message"),
    [
        ("", "t", "OFFICE_APP_LEDGER_URL: say where the ledger is"),
        ("ftp://x", "t", "must start with http:// or https://"),
        ("http://127.0.0.1:9", "", "OFFICE_APP_DEVICE_TOKEN: give this office's device token"),
        ("http://127.0.0.1:9", "t", "cannot reach the ledger"),
    ],
)
def test_sync_settings_and_network_errors_are_one_line(
    url: str,
    token: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
    monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", token)
    monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path))
    assert main(["sync", "--once"]) == 1
    error = capsys.readouterr().err.strip()
    assert message in error
    assert len(error.splitlines()) == 1 and "Traceback" not in error


def test_sync_with_a_wrong_token_or_a_damaged_local_file(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = make_world(sqlite_engine)
    monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path))
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", "wrong")
        assert main(["sync", "--once"]) == 1
        assert "refused this office's device token" in capsys.readouterr().err
        for leftover in tmp_path.glob("office.db-*"):
            leftover.unlink()
        (tmp_path / "office.db").write_text("not a database " * 100)
        assert main(["sync", "--once"]) == 1
        error = capsys.readouterr().err.strip()
    assert "the office's local database cannot be opened" in error
    assert len(error.splitlines()) == 1


def test_watch_backs_off_while_offline_and_syncs_when_the_ledger_answers(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    from office_app.config import Settings
    from office_app.sync.run import client_for, open_replica, watch

    world = make_world(sqlite_engine)
    lines: list[str] = []
    pauses: list[float] = []
    offline = Settings("http://127.0.0.1:9", SecretStr(world.tokens["office"]), tmp_path)
    engine = open_replica(offline)
    with client_for(offline) as client:
        watch(
            offline,
            engine,
            client,
            clock=world.clock,
            interval=1,
            rounds=3,
            report=lines.append,
            sleep=pauses.append,
        )
    assert all(line.startswith("Offline (") for line in lines)
    assert pauses[0] <= pauses[-1] <= 60
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        online = Settings(url, SecretStr(world.tokens["office"]), tmp_path)
        with client_for(online) as client:
            watch(
                online,
                engine,
                client,
                clock=world.clock,
                interval=1,
                rounds=2,
                report=lines.append,
                sleep=pauses.append,
            )
    assert lines[-2:] == ["Online. Waiting: 0. Needs attention: 0."] * 2
    engine.dispose()


def test_watch_stops_at_once_on_a_refused_token(
    sqlite_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = make_world(sqlite_engine)
    monkeypatch.setenv("OFFICE_APP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("OFFICE_APP_DEVICE_TOKEN", "wrong")
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        monkeypatch.setenv("OFFICE_APP_LEDGER_URL", url)
        assert main(["sync", "--watch", "--interval", "0.1", "--rounds", "50"]) == 1
    assert "refused this office's device token" in capsys.readouterr().err
