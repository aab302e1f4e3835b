"""Signing in, working offline, sync status and attention list, language and command palette."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from textual.widgets import DataTable, Input, Static

from office_app.config import Settings
from office_app.desk.login import LoginGuard
from office_app.domain.ids import uuid7
from office_app.ledger.embedded import embedded_server
from screens.account import AccountScreen
from screens.dialogs import DepositDialog
from screens.login import LoginScreen
from screens.search import SearchScreen
from screens.sync import SyncScreen
from tests.office_support import (
    PASSWORD,
    Office,
    build_school,
    open_dialog,
    ready,
    text_of,
    wait_until,
)
from tests.world import make_world


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    from tests.office_support import serve_office

    yield from serve_office(make_world(sqlite_engine), tmp_path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_sign_in_pauses_after_repeated_failures_and_names_the_staff_member(
    office: Office,
) -> None:
    app = office.app(staff=None)
    now = [1000.0]
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await wait_until(pilot, lambda: app.backend is not None)
        assert app.backend is not None
        app.backend.login = LoginGuard(app.backend.engine, clock=lambda: now[0])
        assert app.screen.query_one("#username", Input).has_focus
        for _ in range(3):
            await pilot.press(*"hanne", "enter", *"wrong", "enter")
            await wait_until(
                pilot,
                lambda: text_of(app, "#login-message") == "Forkert brugernavn eller adgangskode.",
            )
            app.screen.query_one("#username", Input).value = ""
            app.screen.query_one("#username", Input).focus()
            app.screen.query_one("#login-message", Static).update("")
        await pilot.press(*"hanne", "enter", *PASSWORD, "enter")
        await wait_until(pilot, lambda: "Vent 5 sekunder" in text_of(app, "#login-message"))
        assert isinstance(app.screen, LoginScreen)
        now[0] += 6
        app.screen.query_one("#password", Input).value = ""
        await pilot.press(*PASSWORD, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.staff is not None and app.staff.username == "hanne"
        await wait_until(pilot, lambda: app.desk is not None)
        assert app.desk is not None and app.desk.staff == "hanne"


async def test_offline_the_office_signs_in_queues_actions_and_sends_them_when_back(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    school = build_school(world)
    child = school.children["Åse"]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(url, SecretStr(world.tokens["office"]), tmp_path / "office")
    with embedded_server(sqlite_engine, port, clock=world.clock):
        online = Office(school, url, settings).app(staff=None)
        async with online.run_test() as pilot:
            await wait_until(pilot, lambda: online.index is not None)  # bootstrapped
    app = Office(school, url, settings).app(staff=None)
    async with app.run_test(size=(130, 40)) as pilot:
        await wait_until(pilot, lambda: app.sync_view.online is False)
        assert "○ Offline" in str(app.screen.query_one("SyncBar").render())
        await pilot.press(*"hanne", "enter", *PASSWORD, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await wait_until(pilot, lambda: app.desk is not None)
        await pilot.press(*"åse")
        await wait_until(pilot, lambda: app.screen.query_one("#results", DataTable).row_count == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"150", "enter")
        await wait_until(
            pilot, lambda: text_of(app, "#pending") == "+150,00 kr. (Indbetaling 150,00 kr.)"
        )
        assert text_of(app, "#balance") == "250,00 kr."
        await wait_until(pilot, lambda: app.sync_view.waiting == 1)
        assert "1 venter" in str(app.screen.query_one("SyncBar").render())
        assert world.balance(child) == 25000

        with embedded_server(sqlite_engine, port, clock=world.clock):
            await pilot.press("f5")
            await wait_until(
                pilot, lambda: app.sync_view.online is True and app.sync_view.waiting == 0
            )
            assert world.balance(child) == 40000
            await wait_until(pilot, lambda: text_of(app, "#balance") == "400,00 kr.")
            assert text_of(app, "#pending") == "Intet venter"


async def test_a_refused_command_needs_attention_with_the_ledgers_message(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        assert app.desk is not None
        app.desk.deposit(uuid7(), 5000)  # a child the ledger does not know
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.sync_view.needs_attention == 1)
        assert "1 kræver handling" in str(app.screen.query_one("SyncBar").render())
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, SyncScreen))
        table = app.screen.query_one("#rejected", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1 and str(table.get_row_at(0)[1]) != "")
        _time, action, staff, message = (str(cell) for cell in table.get_row_at(0))
        assert (action, staff) == ("Indbetaling 50,00 kr.", "hanne")
        assert message == "eleven er ukendt"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))


async def test_english_by_setting(office: Office) -> None:
    app = office.app(language="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.screen.query_one("#search", Input).placeholder.startswith(
            "Name, guardian, e-mail"
        )
        await pilot.press(*"søren")
        table = app.screen.query_one("#results", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "Søren Kierkegaard",
            "7.A",
            "Forælder til Søren …",
            "120.50 kr.",
            "Blocked (lost)",
            "60.00 kr.",
        ]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await wait_until(pilot, lambda: text_of(app, "#cards") == "4400003 Blocked (lost)")
        activity = app.screen.query_one("#activity", DataTable)
        lines = [str(activity.get_row_at(i)[1]) for i in range(activity.row_count)]
        assert "Declined purchase: The card is blocked" in lines


async def test_the_command_palette_lists_the_screens_actions_in_the_offices_language(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press(*"mikkel 2a")
        await wait_until(pilot, lambda: app.screen.query_one("#results", DataTable).row_count == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Indbetal", "Spær/genåbn kort", "Nyt kort", "Dagligt maks"} <= titles
        assert {"Synkronisering", "Afslut", "Hjælp", "Log ud / skift bruger"} <= titles
        assert not {"Cursor up", "Copy selected text", "Select"} & titles
        await pilot.press("ctrl+p")
        await pilot.press(*"indbetal", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DepositDialog))


def test_an_unforeseen_error_ends_with_one_sentence_and_a_crash_log_without_secrets(
    office: Office, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    from screens.search import SearchScreen as Search

    token = office.settings.device_token.get_secret_value()
    argon2 = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g"

    def broken(_self: Search, _query: str) -> None:
        raise RuntimeError(
            f"sent {token} as 'Authorization: Bearer {token}', password=hemmelig-123 {argon2}"
        )

    monkeypatch.setattr(Search, "_run_search", broken)
    app = office.app()

    async def run() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await pilot.press("x")
            await pilot.pause(0.2)

    with pytest.raises(RuntimeError):
        asyncio.run(run())
    shown = " ".join(capfd.readouterr().err.split())
    assert "Kontorprogrammet stoppede ved en uventet fejl" in shown
    assert "Traceback" not in shown and token not in shown
    crash_log = office.settings.data_dir / "crash.log"
    written = crash_log.read_text()
    assert "RuntimeError: sent [hidden] as 'Authorization: Bearer [hidden]'" in written
    assert "password=[hidden]" in written
    for secret in (token, "hemmelig-123", argon2, "c2FsdHNhbHQ"):
        assert secret not in written
    assert crash_log.stat().st_mode & 0o777 == 0o600
