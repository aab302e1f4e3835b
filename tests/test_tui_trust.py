"""A desk a secretary can trust, in the real app against the real ledger: no stray keystroke
moves money, a scanned card is heard on every screen, every word is true, and a shared PC is
locked, logged out and quit with care."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from textual.widgets import Button, DataTable, Input

from office_app.app import OfficeApp
from office_app.desk.actions import Desk
from office_app.sync.puller import pull
from screens.account import AccountScreen
from screens.approvals import ApprovalsScreen
from screens.audit import AuditScreen
from screens.dialog import ConfirmDialog
from screens.dialogs import BlockDialog, CapDialog, DepositDialog, ReplaceDialog, StatementDialog
from screens.help import HelpScreen
from screens.login import LoginScreen
from screens.payout import PayoutDialog
from screens.search import SearchScreen
from tests.office_support import (
    Messages,
    Office,
    open_dialog,
    outbox,
    performed,
    ready,
    scan,
    serve_office,
    text_of,
    wait_until,
)
from tests.proxy import LossyProxy
from tests.test_tui_desk import open_child
from tests.world import make_world


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    yield from serve_office(make_world(sqlite_engine), tmp_path)


def account_of(app: OfficeApp) -> str | None:
    screen = app.screen
    if isinstance(screen, AccountScreen) and screen.view is not None:
        return screen.view.student.name
    return None


async def test_typing_a_name_on_the_account_screen_searches_and_queues_nothing(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "mikkel 2a")
        await pilot.press(*"sofia", "enter")  # meant for the search box
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.screen.query_one("#search", Input).value == "sofia"
        await pilot.pause(0.3)
        assert outbox(app) == []
        assert office.world.card_status("4400002") == "active"


async def test_a_card_scanned_on_an_account_opens_that_childs_account(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await scan(pilot, "4400003")
        await wait_until(pilot, lambda: account_of(app) == "Søren Kierkegaard")
        assert [type(screen) for screen in app.screen_stack[1:]] == [SearchScreen, AccountScreen]
        assert outbox(app) == []


async def test_a_card_scanned_into_an_amount_closes_the_dialog_and_moves_no_money(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"20")
        await scan(pilot, "4400002")
        await wait_until(pilot, lambda: account_of(app) == "Mikkel Østergaard")
        await pilot.pause(0.3)
        assert outbox(app) == []
        assert office.world.balance(office.school.children["Åse"]) == 25000


async def test_top_level_screens_replace_each_other_and_escape_returns_to_the_search(
    office: Office,
) -> None:
    from tests.test_tui_admin import OLE

    app = office.app(staff=OLE)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        for key in ("f6", "f7", "f6", "f7", "f2", "f6"):
            await pilot.press(key)
            await pilot.pause(0.1)
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalsScreen))
        assert [type(s) for s in app.screen_stack[1:]] == [SearchScreen, ApprovalsScreen]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen))


async def test_f1_lists_every_key_of_the_screen_in_danish(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one("#help-keys", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        keys = {str(does): str(key) for key, does in rows}
        assert keys["Indbetal"] == "f3"
        assert keys["Spær/genåbn kort"] == "f4"
        assert keys["Næste søskende"] == "^f"
        assert keys["Log ud / skift bruger"] == "^l"
        assert keys["Synkronisering"] == "f2"
        assert "Tilbagefør" not in keys, "a secretary may not reverse"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))


async def test_blocking_offline_says_when_it_will_happen_and_the_card_shows_it_waits(
    office: Office,
) -> None:
    port = int(office.url.rsplit(":", 1)[1])
    with LossyProxy(port) as proxy:
        settings = dataclasses.replace(office.settings, ledger_url=proxy.url)
        app = dataclasses.replace(office, settings=settings).app()
        messages = Messages()
        async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
            await ready(pilot)
            await open_child(pilot, app, "mikkel 2a")
            proxy.down()
            await open_dialog(pilot, "f4", BlockDialog)
            await pilot.press("enter")  # "Mistet"
            outcome = await performed(pilot, messages)
            assert outcome.message == (
                "Kort 4400002 spærres (mistet), når kontoret er online igen – indtil da kan "
                "kantinen stadig tage imod det."
            )
            await wait_until(
                pilot,
                lambda: (
                    text_of(app, "#cards")
                    == "4400002 Aktivt – spærres, når kontoret er online igen"
                ),
            )
            assert office.world.card_status("4400002") == "active"
            proxy.up()
            await pilot.press("f5")
            await wait_until(pilot, lambda: office.world.card_status("4400002") == "blocked")
            await wait_until(pilot, lambda: text_of(app, "#cards") == "4400002 Spærret (mistet)")


async def test_online_a_block_is_said_done_only_once_the_ledger_has_it(office: Office) -> None:
    app = office.app()
    messages = Messages()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "mikkel 2a")
        await open_dialog(pilot, "f4", BlockDialog)
        await pilot.press("enter")
        outcome = await performed(pilot, messages)
        assert outcome.message == "Kort 4400002 er spærret (mistet): kantinen afviser det fra nu."
        assert office.world.card_status("4400002") == "blocked"


async def test_a_receipt_online_shows_the_confirmed_balance(office: Office) -> None:
    app = office.app()
    messages = Messages()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"75", "enter")
        outcome = await performed(pilot, messages)
        assert "afventer" not in outcome.message
    receipt = office.settings.data_dir / "statements" / "kvittering_K-000001.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(receipt).pages)
    assert "325,00" in text, "the balance the ledger confirmed"
    assert "afventer" not in text.lower()


def test_receipt_numbers_are_never_shared_and_never_skipped(
    office: Office, sqlite_template: Path, tmp_path: Path
) -> None:
    """Four members of staff at one office record deposits at once: 40 receipts, K-000001 to
    K-000040, each once."""
    replica_path = tmp_path / "desk.db"
    replica_path.write_bytes(sqlite_template.read_bytes())
    from office_app.db import make_engine

    replica = make_engine(str(replica_path))
    world = office.world
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    with httpx.Client(base_url=office.url, headers=headers) as client:
        pull(replica, client, world.school_id)
    desks = [
        Desk(replica, world.school_id, None, staff, world.clock, tmp_path, None)
        for staff in ("hanne", "ole", "birgit", "hanne")
    ]
    numbers: list[str] = []

    def take(desk: Desk) -> None:
        for _ in range(10):
            numbers.append(desk.deposit(office.school.children["Åse"], 100)[1])

    threads = [threading.Thread(target=take, args=(desk,)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    replica.dispose()
    assert sorted(numbers) == [f"K-{number:06d}" for number in range(1, 41)]


async def test_log_out_and_switch_user(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert app.staff is None and app.desk is None
        assert [type(s) for s in app.screen_stack[1:]] == [LoginScreen]
        await pilot.press("f3", "f6", "ctrl+k")  # nothing works until someone signs in
        await pilot.pause(0.2)
        assert isinstance(app.screen, LoginScreen)


async def test_an_idle_desk_locks_and_its_staff_member_comes_back_where_they_were(
    office: Office,
) -> None:
    from tests.office_support import PASSWORD

    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        app.session.active_at -= 5 * 60 + 1  # five minutes and a second without a key
        app.session.check_idle()
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, LoginScreen)
                and bool(app.screen.query("#login-locked"))
                and app.screen.query_one("#password", Input).has_focus
            ),
        )
        assert "Låst efter 5 minutter uden brug" in text_of(app, "#login-locked")
        assert app.screen.query_one("#password", Input).has_focus
        await pilot.press("f3")  # nothing behind the lock
        await pilot.pause(0.2)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*PASSWORD, "enter")
        await wait_until(pilot, lambda: account_of(app) == "Åse Østergaard")


async def test_quitting_with_commands_waiting_says_so_and_asks(office: Office) -> None:
    port = int(office.url.rsplit(":", 1)[1])
    with LossyProxy(port) as proxy:
        settings = dataclasses.replace(office.settings, ledger_url=proxy.url)
        app = dataclasses.replace(office, settings=settings).app()
        async with app.run_test(size=(120, 36)) as pilot:
            await ready(pilot)
            proxy.down()
            await open_child(pilot, app, "åse")
            await open_dialog(pilot, "f3", DepositDialog)
            await pilot.press(*"50", "enter")
            await wait_until(pilot, lambda: app.sync_view.waiting == 1)
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            assert "1 handling venter stadig" in text_of(app, "#question Static")
            await pilot.press("enter")  # "Nej"
            await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
            assert app.is_running
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("j")
            await wait_until(pilot, lambda: not app.is_running)


async def test_the_command_palette_and_its_keys_speak_danish(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert app.screen.query_one(Input).placeholder == "Søg efter en kommando …"


async def test_english_amounts_are_read_the_english_way(office: Office) -> None:
    app = office.app(language="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"12,50")
        assert text_of(app, "#problem") == "Amount: use a point before øre, e.g. 12.50"
        app.screen.query_one("#amount", Input).value = ""
        await pilot.press(*"1,012.50")
        await wait_until(pilot, lambda: "new balance 1,262.50 kr." in text_of(app, "#summary"))


@pytest.mark.parametrize(
    ("key", "dialog", "child"),
    [
        ("f3", DepositDialog, "åse"),
        ("f4", BlockDialog, "åse"),
        ("f4", ConfirmDialog, "søren"),
        ("ctrl+n", ReplaceDialog, "åse"),
        ("ctrl+d", CapDialog, "åse"),
        ("ctrl+k", StatementDialog, "åse"),
        ("ctrl+u", PayoutDialog, "åse"),
    ],
)
async def test_every_dialog_at_80x24_shows_its_buttons(
    office: Office, key: str, dialog: type[DepositDialog], child: str
) -> None:
    app = office.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, child)
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, dialog))
        await pilot.pause(0.3)
        buttons = list(app.screen.query(Button))
        assert buttons
        for button in buttons:
            assert button.region.y >= 0 and button.region.bottom <= 24, button
            assert button.region.height >= 1, button


def test_a_failure_nobody_foresaw_is_said_in_words_and_its_details_go_to_support(
    office: Office, tmp_path: Path
) -> None:
    """A database that cannot do what is asked: the secretary reads one sentence and where
    support finds the details; the database's own words stay in the crash log."""
    from office_app.db import make_engine
    from office_app.desk.perform import perform
    from office_app.desk.requests import BlockCard

    broken = make_engine(str(tmp_path / "empty.db"))  # a file with no tables at all
    world = office.world
    desk = Desk(broken, world.school_id, None, "hanne", world.clock, tmp_path, None)
    said = perform(desk, BlockCard("4400001", "lost"))
    broken.dispose()
    assert said.failed
    assert said.message.startswith("Noget gik galt, og det blev ikke gjort. Intet er mistet")
    assert "no such table" not in said.message and "sqlite" not in said.message.lower()
    assert str(tmp_path / "crash.log") in said.message
    assert "no such table" in (tmp_path / "crash.log").read_text(encoding="utf-8")
