"""Snapshots of the office's screens and dialogs, in Danish and in English, on fixed data.

Update after a deliberate change of the screens with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at every changed picture before committing it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Input

from office_app.app import OfficeApp
from office_app.desk.session import SignedIn
from office_app.i18n import set_language
from screens.account import AccountScreen
from screens.approvals import ApprovalsScreen
from screens.audit import AuditScreen
from screens.class_list import ClassScreen
from screens.day_end import DayEndDialog
from screens.day_end_history import DayEndHistoryScreen
from screens.dialog import ConfirmDialog
from screens.dialogs import (
    BlockDialog,
    CapDialog,
    DepositDialog,
    ReplaceDialog,
    StatementDialog,
)
from screens.household import HouseholdScreen, HouseholdStatementDialog
from screens.leavers import LeaversScreen
from screens.messages import SyncView
from screens.payout import PayoutDialog
from screens.reversal import ReversalDialog
from screens.roster import RosterScreen
from screens.sync import SyncScreen
from screens.today import MyWorkScreen, ReceiptsTodayScreen
from tests.office_support import Office, open_dialog, ready, serve_office, wait_until
from tests.world import make_world

#: The smallest terminal a desk has, and a large one: every screen must fit both.
SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
#: What the sync bar shows in every snapshot, instead of the time the test ran.
STILL = SyncView(online=True, waiting=0, needs_attention=0, last_success="09:00:00")

Compare = Callable[..., bool]


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    yield from serve_office(make_world(sqlite_engine), tmp_path)
    set_language("da")


async def settle(pilot: Pilot[None]) -> None:
    """Fix what moves by itself, then wait until two looks at the screen, 0.1 s apart, agree
    (a table sizes its columns after its rows arrive; a loaded machine takes its time)."""
    app = pilot.app
    assert isinstance(app, OfficeApp)
    app.sync_view = STILL
    for field in app.screen.query(Input):
        field.cursor_blink = False
    # A table sizes its columns when idle; on a loaded machine two looks may come first.
    await wait_until(
        pilot,
        lambda: not any(table._require_update_dimensions for table in app.screen.query(DataTable)),
    )
    await pilot.pause(0.2)
    before = app.export_screenshot()
    for _ in range(50):
        await pilot.pause(0.1)
        now = app.export_screenshot()
        if now == before:
            return
        before = now
    raise AssertionError("the screen did not settle in 5 seconds")


async def searched(pilot: Pilot[None]) -> None:
    app = await ready(pilot)
    await pilot.press(*"5b")
    await wait_until(pilot, lambda: app.screen.query_one("#results", DataTable).row_count == 2)
    await settle(pilot)


async def on_account(pilot: Pilot[None], first_name: str = "søren") -> None:
    app = await ready(pilot)
    await pilot.press(*first_name)
    await wait_until(pilot, lambda: app.screen.query_one("#results", DataTable).row_count == 1)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
    screen = app.screen
    assert isinstance(screen, AccountScreen)
    await wait_until(pilot, lambda: screen.view is not None and screen.facts is not None)
    await settle(pilot)


def in_dialog(
    key: str, dialog: type[Screen[Any]], typed: str = "", first_name: str = "åse"
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await on_account(pilot, first_name)
        await open_dialog(pilot, key, dialog)
        await pilot.press(*typed)
        await pilot.pause(0.3)
        await settle(pilot)

    return run


def from_search(
    keys: tuple[str, ...], screen: type[Screen[Any]], typed: str = ""
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        app = await ready(pilot)
        if typed:
            await pilot.press(*typed)
            await wait_until(
                pilot, lambda: app.screen.query_one("#results", DataTable).row_count > 0
            )
        await pilot.press(*keys)
        await wait_until(pilot, lambda: isinstance(app.screen, screen))
        await pilot.pause(0.5)
        await settle(pilot)

    return run


FLOWS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "search": searched,
    "account": on_account,
    "deposit": in_dialog("f3", DepositDialog, "200"),
    "block": in_dialog("f4", BlockDialog),
    "reactivate": in_dialog("f4", ConfirmDialog, first_name="søren"),
    "replace": in_dialog("ctrl+n", ReplaceDialog, "5500001"),
    "cap": in_dialog("ctrl+d", CapDialog),
    "statement": in_dialog("ctrl+k", StatementDialog),
    "class": from_search(("ctrl+o",), ClassScreen, "5b"),
    "receipts-today": from_search(("ctrl+r",), ReceiptsTodayScreen),
    "my-work": from_search(("ctrl+t",), MyWorkScreen),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("flow", list(FLOWS))
def test_screens(
    office: Office, snap_compare: Compare, flow: str, language: str, size: str
) -> None:
    app = office.app(sync_interval=3600, language=language)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=FLOWS[flow])


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["da", "en"])
def test_login_screen(office: Office, snap_compare: Compare, language: str, size: str) -> None:
    app = office.app(staff=None, sync_interval=3600, language=language)

    async def run(pilot: Pilot[None]) -> None:
        await wait_until(pilot, lambda: app.sync_view.online is True)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run)


OLE = SignedIn("ole", "Ole Madsen", "admin")


@pytest.fixture
def admin_office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    """The test school with an administrator's work waiting: a payout for a second admin, a
    leaver with money, and the day's cash deposits."""
    world = make_world(sqlite_engine)
    world.set_policy(payout_approval_threshold_ore=10000)
    offices = serve_office(world, tmp_path)
    office = next(offices)
    children = office.school.children
    request = world.office_send(
        "payout.request",
        {
            "student_id": children["Åse"],
            "amount_ore": 15000,
            "holder_name": "Mette Østergaard",
            "reg_no": "1234",
            "account_no": "0012345678",
            "message": "Udbetaling",
        },
        staff="birgit",
    )
    assert request.status == "applied", request
    left = world.office_send("student.leave", {"student_id": children["Søren"]})
    assert left.status == "applied", left
    yield office
    with contextlib.suppress(StopIteration):
        next(offices)
    set_language("da")


def on_admin_screen(
    key: str, screen: type[Screen[Any]]
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        app = await ready(pilot)
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, screen))
        await pilot.pause(0.5)
        await settle(pilot)

    return run


ADMIN_FLOWS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "sync": on_admin_screen("f2", SyncScreen),
    "approvals": on_admin_screen("f6", ApprovalsScreen),
    "audit": on_admin_screen("f7", AuditScreen),
    "day-end": on_admin_screen("f8", DayEndDialog),
    "day-end-history": from_search(("f8", "ctrl+r"), DayEndHistoryScreen),
    "leavers": on_admin_screen("f9", LeaversScreen),
    "roster": on_admin_screen("f10", RosterScreen),
    "payout": in_dialog("ctrl+u", PayoutDialog),
    "reversal": in_dialog("ctrl+t", ReversalDialog),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("flow", list(ADMIN_FLOWS))
def test_admin_screens(
    admin_office: Office, snap_compare: Compare, flow: str, language: str, size: str
) -> None:
    app = admin_office.app(staff=OLE, sync_interval=3600, language=language)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=ADMIN_FLOWS[flow])


@pytest.fixture
def people_office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    """The test school with an automatic top-up for Åse that has topped up once, and Zoë
    gone from the school (her card blocked by the ledger)."""
    world = make_world(sqlite_engine)
    offices = serve_office(world, tmp_path)
    office = next(offices)
    children = office.school.children
    made = world.send(
        world.portal,
        "autotopup.create",
        {"student_id": children["Åse"], "amount_ore": 10000, "payment_ref": "KORT-1"},
    )
    assert made.status == "applied", made
    assert world.buy("4400001", 21000).code == "ok"
    left = world.office_send("student.leave", {"student_id": children["Zoë"]})
    assert left.status == "applied", left
    yield office
    with contextlib.suppress(StopIteration):
        next(offices)
    set_language("da")


async def household(pilot: Pilot[None], statement: bool = False) -> None:
    await on_account(pilot, "åse")
    app = pilot.app
    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(app.screen, HouseholdScreen))
    screen = app.screen
    assert isinstance(screen, HouseholdScreen)
    await wait_until(pilot, lambda: screen.view is not None)
    if statement:
        await open_dialog(pilot, "ctrl+k", HouseholdStatementDialog)
    await settle(pilot)


PEOPLE_FLOWS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "people-search": searched,
    "people-account": partial(on_account, first_name="åse"),
    "leaver-account": partial(on_account, first_name="zoe"),
    "cancel-agreement": in_dialog("ctrl+a", ConfirmDialog),
    "household": household,
    "household-statement": partial(household, statement=True),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("flow", list(PEOPLE_FLOWS))
def test_people_screens(
    people_office: Office, snap_compare: Compare, flow: str, language: str, size: str
) -> None:
    app = people_office.app(sync_interval=3600, language=language)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=PEOPLE_FLOWS[flow])
