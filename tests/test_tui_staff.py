"""A staff member changes their own password at the office, and a deactivated one can no
longer sign in, online or offline, once the office has synced."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, select
from textual.pilot import Pilot
from textual.widgets import Input, Static

from models import AuditEvent, CommandRecord, OutboxCommand, Staff
from office_app.app import OfficeApp
from office_app.config import Settings
from office_app.db import make_sessionmaker
from office_app.desk.login import LoginGuard
from office_app.domain.passwords import verify_password
from office_app.ledger.embedded import embedded_server
from office_app.ledger.management import deactivate_staff
from screens.login import LoginScreen
from screens.password import ChangePasswordDialog
from screens.search import SearchScreen
from tests.office_support import PASSWORD, Office, build_school, ready, text_of, wait_until
from tests.world import make_world

NEW_PASSWORD = "nyt-kodeord-2027"


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    from tests.office_support import serve_office

    yield from serve_office(make_world(sqlite_engine), tmp_path)


def _ledger_hash(engine: Engine, username: str) -> str:
    with make_sessionmaker(engine)() as session:
        found = session.scalar(select(Staff.password_hash).where(Staff.username == username))
    assert found is not None
    return found


async def test_a_signed_in_staff_member_changes_their_own_password(office: Office) -> None:
    app = office.app()
    ledger = office.world.engine
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        # From the command palette, in the office's language.
        await pilot.press("ctrl+p")
        await pilot.press(*"adgangskode", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))

        # A wrong current password: nothing is queued, the reason is said.
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordDialog))
        assert app.screen.query_one("#current", Input).password
        await pilot.press(*"gæt-forkert", "enter", *NEW_PASSWORD, "enter", *"andet-kodeord")
        await pilot.press("enter")
        assert "de to nye adgangskoder er forskellige" in text_of(app, "#problem")
        app.screen.query_one("#repeat", Input).value = NEW_PASSWORD
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await wait_until(
            pilot,
            lambda: any(
                "Nuværende adgangskode: den er forkert" in str(n.message)
                for n in app._notifications
            ),
        )
        assert app.backend is not None
        with make_sessionmaker(app.backend.engine)() as session:
            assert (
                session.scalar(select(OutboxCommand).where(OutboxCommand.type == "staff.password"))
                is None
            )

        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordDialog))
        await pilot.press(*PASSWORD, "enter", *NEW_PASSWORD, "enter", *NEW_PASSWORD, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await wait_until(
            pilot, lambda: verify_password(_ledger_hash(ledger, "hanne"), NEW_PASSWORD)
        )
        # The office follows: the replica's row is the ledger's, and only the new one works.
        guard = LoginGuard(app.backend.engine, clock=lambda: 0.0)
        await wait_until(pilot, lambda: guard.sign_in("hanne", NEW_PASSWORD) is not None)
        assert guard.sign_in("hanne", PASSWORD) is None
    with make_sessionmaker(ledger)() as session:
        recorded = session.scalars(
            select(CommandRecord).where(CommandRecord.type == "staff.password")
        ).one()
        audited = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "staff.password")
        ).one()
    # Exactly once, audited, and no copy of the hash in the ledger's command record.
    assert (recorded.status, recorded.staff) == ("applied", "hanne")
    assert recorded.payload == {"password_hash": "[hidden]"}
    assert (audited.staff, audited.subject) == ("hanne", "hanne")
    assert verify_password(_ledger_hash(ledger, "ole"), PASSWORD)


async def test_a_new_password_works_at_once_at_this_office_also_offline(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    school = build_school(world)
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        settings = Settings(url, SecretStr(world.tokens["office"]), tmp_path / "office")
        first = Office(school, url, settings).app()
        async with first.run_test() as pilot:
            await ready(pilot)
    # The same office after the ledger went away.
    offline = Office(school, url, settings).app()
    async with offline.run_test() as pilot:
        await wait_until(pilot, lambda: offline.desk is not None)
        await wait_until(pilot, lambda: offline.sync_view.online is False)
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(offline.screen, ChangePasswordDialog))
        await pilot.press(*PASSWORD, "enter", *NEW_PASSWORD, "enter", *NEW_PASSWORD, "enter")
        await wait_until(pilot, lambda: offline.sync_view.waiting == 1)
        assert offline.backend is not None
        guard = LoginGuard(offline.backend.engine, clock=lambda: 0.0)
        assert guard.sign_in("hanne", NEW_PASSWORD) is not None
        assert guard.sign_in("hanne", PASSWORD) is None
    assert verify_password(_ledger_hash(sqlite_engine, "hanne"), PASSWORD)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _sign_in(app: OfficeApp, pilot: Pilot[None], username: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
    app.screen.query_one("#username", Input).value = ""
    app.screen.query_one("#password", Input).value = ""
    app.screen.query_one("#login-message", Static).update("")
    app.screen.query_one("#username", Input).focus()
    await pilot.press(*username, "enter", *PASSWORD, "enter")


async def test_a_deactivated_staff_member_cannot_sign_in_after_the_next_sync(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    world = make_world(sqlite_engine)
    school = build_school(world)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(url, SecretStr(world.tokens["office"]), tmp_path / "office")
    app = Office(school, url, settings).app(staff=None)
    async with app.run_test(size=(120, 36)) as pilot:
        with embedded_server(sqlite_engine, port, clock=world.clock):
            await wait_until(pilot, lambda: app.sync_view.online is True)
            assert app.backend is not None
            replica = app.backend.engine
            assert deactivate_staff(sqlite_engine, world.school_id, "hanne", clock=world.clock)

            def replica_knows() -> bool:
                with make_sessionmaker(replica)() as session:
                    active = session.scalar(select(Staff.active).where(Staff.username == "hanne"))
                return active is False

            await wait_until(pilot, replica_knows)
            # Online: refused.
            await _sign_in(app, pilot, "hanne")
            await wait_until(
                pilot,
                lambda: text_of(app, "#login-message") == "Forkert brugernavn eller adgangskode.",
            )
            assert isinstance(app.screen, LoginScreen)
        # Offline: still refused; another staff member still signs in.
        await wait_until(pilot, lambda: app.sync_view.online is False)
        await _sign_in(app, pilot, "hanne")
        await wait_until(
            pilot,
            lambda: text_of(app, "#login-message") == "Forkert brugernavn eller adgangskode.",
        )
        await _sign_in(app, pilot, "ole")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.staff is not None and app.staff.username == "ole"
    # The ledger refuses what the deactivated staff member's name is put on, too.
    result = world.office_send(
        "cap.set", {"student_id": school.children["Åse"], "daily_cap_ore": 1}, staff="hanne"
    )
    assert (result.status, result.code) == ("rejected", "forbidden")
