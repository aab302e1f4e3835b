"""``office-app demo`` makes a verified demo ledger once and reuses it."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from office_app.cli import main


def test_demo_creates_then_reuses_its_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("office_app.cli.demo.DEMO_STUDENTS", 15)
    monkeypatch.setattr("office_app.cli.demo.DEMO_DAYS", 5)
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
    monkeypatch.setattr("office_app.cli.demo.DEMO_STUDENTS", 5)
    monkeypatch.setattr("office_app.cli.demo.DEMO_DAYS", 2)
    (tmp_path / "ledger.db.partial").write_text("half a school")
    assert (
        main(["demo", "--data-dir", str(tmp_path), "--port", "0", "--duration", "1", "--no-office"])
        == 0
    )
    assert "Invariants: all hold" in capsys.readouterr().out


def test_demo_on_a_taken_port_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("office_app.cli.demo.DEMO_STUDENTS", 5)
    monkeypatch.setattr("office_app.cli.demo.DEMO_DAYS", 1)
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


async def test_the_demo_opens_the_office_signed_in_with_the_shown_login_and_live_purchases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import DataTable, Input, Static

    from office_app.app import make_app
    from office_app.cli.demo import demo_ledger, demo_logins
    from office_app.domain.commands import make_command
    from office_app.ledger.tools.simulator import CanteenSimulator
    from screens.account import AccountScreen
    from screens.search import SearchScreen
    from tests.office_support import wait_until
    from tests.world import Clock

    monkeypatch.setattr("office_app.cli.demo.DEMO_STUDENTS", 12)
    monkeypatch.setattr("office_app.cli.demo.DEMO_DAYS", 2)
    clock = Clock()
    with demo_ledger(str(tmp_path), 0, clock) as ledger:
        app = make_app(
            ledger.office_settings(), demo_logins=demo_logins(), sync_interval=0.2, clock=clock
        )
        async with app.run_test(size=(120, 40)) as pilot:
            shown = str(app.screen.query_one("#login-demo", Static).render())
            assert shown == "Demo-login: hanne / kantine2026, ole / kantine2026"
            await wait_until(pilot, lambda: app.backend is not None)
            await pilot.press(*"hanne", "enter", *"kantine2026", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
            await wait_until(pilot, lambda: app.index is not None and len(app.index) == 12)

            canteen = CanteenSimulator(
                ledger.url, ledger.tokens["terminal"], ledger.tokens["portal"], clock=clock
            )
            canteen.load_school()
            card = next(card for card in canteen.cards if card.status == "active")
            assert app.index is not None and app.index.student_for_card(card.number) is not None
            search = app.screen.query_one("#search", Input)
            search.value = card.number
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
            activity = app.screen.query_one("#activity", DataTable)
            await wait_until(pilot, lambda: activity.row_count > 0)
            before = activity.row_count
            canteen.run(rate=20, duration=1)  # lunch time at the canteen ...
            purchase = make_command(  # ... and this child buys lunch for 25 kr.
                "purchase",
                {"card_number": card.number, "amount_ore": 2500},
                occurred_at=clock(),
                device_seq=10_000,
            )
            headers = {"Authorization": f"Bearer {ledger.tokens['terminal']}"}
            answer = httpx.post(
                f"{ledger.url}/v1/commands",
                json={"commands": [purchase.canonical()]},
                headers=headers,
            ).json()["results"][0]
            expected = {
                "ok": "Køb i kantinen",
                "insufficient_funds": "Afvist køb: Ikke nok penge",
                "daily_cap_exceeded": "Afvist køb: Dagligt maks nået",
            }[answer["code"]]
            await wait_until(pilot, lambda: activity.row_count > before)
            await wait_until(pilot, lambda: str(activity.get_row_at(0)[1]) == expected)
