"""``office-app demo`` makes a verified demo ledger once and reuses it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from office_app.cli import main


def test_demo_creates_then_reuses_its_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("office_app.demo.DEMO_STUDENTS", 15)
    monkeypatch.setattr("office_app.demo.DEMO_DAYS", 5)
    assert (
        main(["demo", "--data-dir", str(tmp_path), "--port", "0", "--duration", "2", "--no-office"])
        == 0
    )
    first = capsys.readouterr().out
    assert "Creating the demo school" in first
    assert "Invariants: all hold" in first
    assert "Demo login: hanne / kantine2026" in first
    assert (tmp_path / "ledger.db").exists()
    assert not list(tmp_path.glob("*.partial*"))
    assert "Ledger server: http://127.0.0.1:" in first
    assert "Purchases approved:" in first
    assert (
        main(["demo", "--data-dir", str(tmp_path), "--port", "0", "--duration", "1", "--no-office"])
        == 0
    )
    again = capsys.readouterr().out
    assert "Creating the demo school" not in again
    assert "Invariants: all hold" in again


def test_demo_starts_over_after_an_interrupted_first_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("office_app.demo.DEMO_STUDENTS", 5)
    monkeypatch.setattr("office_app.demo.DEMO_DAYS", 2)
    (tmp_path / "ledger.db.partial").write_text("half a school")
    assert (
        main(["demo", "--data-dir", str(tmp_path), "--port", "0", "--duration", "1", "--no-office"])
        == 0
    )
    assert "Invariants: all hold" in capsys.readouterr().out


def test_demo_on_a_taken_port_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("office_app.demo.DEMO_STUDENTS", 5)
    monkeypatch.setattr("office_app.demo.DEMO_DAYS", 1)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(
            [
                "demo",
                "--data-dir",
                str(tmp_path),
                "--port",
                str(port),
                "--duration",
                "1",
                "--no-office",
            ]
        )
    error = capsys.readouterr().err.strip()
    assert code == 1
    assert error == f"office-app: --port: cannot listen on 127.0.0.1:{port}; choose another port"
