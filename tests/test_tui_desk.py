"""The secretary's daily work in the real Textual app, against the real ledger server.

Each test presses the keys a secretary would press and checks what the screen shows, what
reached the outbox, and, after the office synced, what the ledger itself holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, select
from textual.widgets import DataTable, Input

from models import DailyCap
from office_app.app import OfficeApp
from screens.account import AccountScreen
from screens.dialog import ConfirmDialog
from screens.dialogs import (
    BlockDialog,
    CapDialog,
    DepositDialog,
    ReplaceDialog,
    StatementDialog,
)
from screens.search import SearchScreen
from tests.office_support import (
    Messages,
    Office,
    open_dialog,
    outbox,
    performed,
    ready,
    serve_office,
    text_of,
    wait_until,
)
from tests.world import make_world


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    yield from serve_office(make_world(sqlite_engine), tmp_path)


def shows(app: OfficeApp, names: list[str]) -> bool:
    return sorted(result_names(app)) == names


def result_names(app: OfficeApp) -> list[str]:
    table = app.screen.query_one("#results", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def open_child(pilot: object, app: OfficeApp, query: str) -> AccountScreen:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press(*query)
    await wait_until(pilot, lambda: bool(result_names(app)))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
    screen = app.screen
    assert isinstance(screen, AccountScreen)
    await wait_until(pilot, lambda: screen.view is not None)
    return screen


async def test_search_finds_children_by_any_part_of_a_name_by_class_and_by_card(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search", Input).has_focus
        for query, expected in [
            ("østerg", ["Mikkel Østergaard", "Åse Østergaard"]),
            ("oster", ["Mikkel Østergaard", "Åse Østergaard"]),
            ("oester", ["Mikkel Østergaard", "Åse Østergaard"]),
            ("ASE", ["Åse Østergaard"]),
            ("zoe", ["Zoë Ærø-Lund"]),
            ("aeroe", ["Zoë Ærø-Lund"]),
            ("5b", ["Zoë Ærø-Lund", "Åse Østergaard"]),
            ("5.B", ["Zoë Ærø-Lund", "Åse Østergaard"]),
            (
                "440000",
                ["Mikkel Østergaard", "Søren Kierkegaard", "Zoë Ærø-Lund", "Åse Østergaard"],
            ),
        ]:
            app.screen.query_one("#search", Input).value = ""
            await pilot.press(*query)
            await wait_until(pilot, partial(shows, app, sorted(expected)))
        app.screen.query_one("#search", Input).value = ""
        await pilot.press(*"søren")
        await wait_until(pilot, lambda: result_names(app) == ["Søren Kierkegaard"])
        table = app.screen.query_one("#results", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)] == [
            "Søren Kierkegaard",
            "7.A",
            "Forælder til Søren …",
            "120,50 kr.",
            "Spærret (mistet)",
            "60,00 kr.",
        ]
        app.screen.query_one("#search", Input).value = ""
        await pilot.press(*"qqq")
        await wait_until(
            pilot, lambda: "Ingen elever passer på »qqq«" in text_of(app, "#search-info")
        )


async def test_a_scanned_card_and_enter_open_the_child_and_an_unknown_card_says_so(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press(*"4400099", "enter")
        await wait_until(pilot, lambda: "Ukendt kort: 4400099" in text_of(app, "#search-info"))
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#search", Input).value = ""
        await pilot.press(*"4400 002", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        screen = app.screen
        assert isinstance(screen, AccountScreen)
        assert screen.student_id == office.school.children["Mikkel"]


async def test_the_account_shows_balance_cards_cap_activity_in_plain_words_and_siblings(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "søren")
        assert text_of(app, "#student-name") == "Søren Kierkegaard"
        assert text_of(app, "#balance") == "120,50 kr."
        assert text_of(app, "#pending") == "Intet venter"
        assert text_of(app, "#cards") == "4400003 Spærret (mistet)"
        assert text_of(app, "#cap") == "60,00 kr. · Brugt i dag: 0,00 kr."
        activity = app.screen.query_one("#activity", DataTable)
        lines = [str(activity.get_row_at(i)[1]) for i in range(activity.row_count)]
        assert "Afvist køb: Kortet er spærret" in lines
        assert "Kontant indbetaling" in lines
        assert "Kort 4400003: spærret" in lines
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))

        app.screen.query_one("#search", Input).value = ""
        await open_child(pilot, app, "åse")
        assert text_of(app, "#siblings") == "Mikkel Østergaard (2.A) 40,00 kr."
        await pilot.press("ctrl+f")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, AccountScreen)
                and app.screen.view is not None
                and app.screen.view.student.name == "Mikkel Østergaard"
            ),
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))


async def test_a_cash_deposit_is_checked_as_typed_queued_by_the_staff_member_and_synced(
    office: Office,
) -> None:
    app = office.app()
    child = office.school.children["Åse"]
    messages = Messages()
    async with app.run_test(size=(120, 36), message_hook=messages.append) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        assert text_of(app, "#receipt") == "Kvittering nr. K-000001 (tildeles af kontoret)"
        await pilot.press(*"12,345")
        assert text_of(app, "#problem") == "Beløb må højst have to decimaler"
        await pilot.press("enter")
        assert isinstance(app.screen, DepositDialog)  # nothing is queued from a bad amount
        assert outbox(app) == []
        app.screen.query_one("#amount", Input).value = ""
        await pilot.press(*"200")
        await wait_until(pilot, lambda: "450,00 kr." in text_of(app, "#summary"))
        await pilot.press("enter")
        outcome = await performed(pilot, messages)
        assert not outcome.failed
        assert "200,00 kr. indbetalt for Åse Østergaard (kvittering K-000001)" in outcome.message
        assert isinstance(app.screen, AccountScreen)
        [queued] = outbox(app)
        assert (queued.type, queued.staff) == ("deposit.cash", "hanne")
        assert queued.payload == {
            "student_id": str(child),
            "amount_ore": 20000,
            "receipt_no": "K-000001",
        }
        await wait_until(pilot, lambda: outbox(app)[0].state == "applied")
        assert office.world.balance(child) == 45000
        await wait_until(pilot, lambda: text_of(app, "#balance") == "450,00 kr.")


async def test_block_then_reactivate_a_card_with_a_confirmation(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "mikkel 2a")
        await open_dialog(pilot, "f4", BlockDialog)
        await pilot.press("down", "enter")  # "Stjålet"
        await wait_until(pilot, lambda: office.world.card_status("4400002") == "blocked")
        blocked = outbox(app)[0]
        assert (blocked.type, blocked.staff, blocked.payload) == (
            "card.block",
            "hanne",
            {"card_number": "4400002", "reason": "stolen"},
        )
        await wait_until(pilot, lambda: text_of(app, "#cards") == "4400002 Spærret (stjålet)")

        await open_dialog(pilot, "f4", ConfirmDialog)
        await pilot.press("enter")  # "Nej" has the focus: a stray Enter changes nothing
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        assert len(outbox(app)) == 1
        await open_dialog(pilot, "f4", ConfirmDialog)
        await pilot.press("j")
        await wait_until(pilot, lambda: office.world.card_status("4400002") == "active")
        await wait_until(pilot, lambda: text_of(app, "#cards") == "4400002 Aktivt")


async def test_replace_a_card_with_the_fee_or_waived_with_a_reason(office: Office) -> None:
    app = office.app()
    world = office.world
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "ctrl+n", ReplaceDialog)
        await pilot.press(*"4400002")
        assert "tilhører allerede Mikkel Østergaard" in text_of(app, "#problem")
        app.screen.query_one("#new-card", Input).value = ""
        await pilot.press(*"5500001")
        await wait_until(pilot, lambda: "gebyr 30,00 kr." in text_of(app, "#summary"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Gebyret på 30,00 kr. trækkes fra Åse Østergaards saldo (ny saldo 220,00 kr.)" in (
            text_of(app, "#question Static")
        )
        assert outbox(app) == []
        await pilot.press("j")
        await wait_until(pilot, lambda: world.card_status("4400001") == "replaced")
        assert world.card_status("5500001") == "active"
        assert world.balance(office.school.children["Åse"]) == 25000 - 3000
        await wait_until(pilot, lambda: text_of(app, "#balance") == "220,00 kr.")

        await pilot.press("escape")
        app.screen.query_one("#search", Input).value = ""
        await open_child(pilot, app, "zoe")  # balance 0: the fee must be waived
        await open_dialog(pilot, "ctrl+n", ReplaceDialog)
        await pilot.press(*"5500002")
        assert "dækker ikke gebyret" in text_of(app, "#problem")
        await pilot.press("tab", "space")  # "Frafald gebyret"
        await wait_until(pilot, lambda: "skriv hvorfor" in text_of(app, "#problem"))
        await wait_until(pilot, lambda: not app.screen.query_one("#waive-reason", Input).disabled)
        await pilot.press("tab", *"Kortet var defekt", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("j")
        await wait_until(pilot, lambda: world.card_status("5500002") == "active")
        assert outbox(app)[-1].payload == {
            "old_card_number": "4400004",
            "new_card_number": "5500002",
            "fee_ore": 0,
            "fee_waiver_reason": "Kortet var defekt",
        }


async def test_set_and_clear_the_daily_cap(office: Office) -> None:
    app = office.app()
    child = office.school.children["Mikkel"]

    def ledger_cap() -> int | None:
        with office.world.engine.connect() as connection:
            return connection.execute(
                select(DailyCap.daily_cap_ore).where(DailyCap.student_id == child)
            ).scalar()

    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "mikkel 2a")
        await open_dialog(pilot, "ctrl+d", CapDialog)
        await pilot.press(*"-5")
        assert "Maks pr. dag" in text_of(app, "#problem")
        app.screen.query_one("#cap", Input).value = ""
        await pilot.press(*"45,50", "enter")
        await wait_until(pilot, lambda: ledger_cap() == 4550)
        await wait_until(pilot, lambda: text_of(app, "#cap").startswith("45,50 kr."))
        await open_dialog(pilot, "ctrl+d", CapDialog)
        app.screen.query_one("#cap", Input).value = ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: outbox(app)[-1].state == "applied")
        assert ledger_cap() is None
        await wait_until(pilot, lambda: text_of(app, "#cap").startswith("Intet"))


NASTY_AMOUNTS = [
    "",
    "abc",
    "-5",
    "0",
    "1e9",
    "99999999999999",
    "12,345",
    "1.2.3",
    "١٢",
    "💰",
    "' OR 1=1 --",
    "20000",
]


async def test_whatever_is_typed_into_a_deposit_the_dialog_names_the_problem_and_queues_nothing(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        amount = app.screen.query_one("#amount", Input)
        for text in NASTY_AMOUNTS:
            amount.value = text
            await pilot.press("enter")
            await pilot.pause(0.05)
            assert isinstance(app.screen, DepositDialog), text
            problem = text_of(app, "#problem")
            assert problem.startswith(("Ret feltet først: Beløb", "Beløb")), (text, problem)
        assert outbox(app) == []


async def test_a_damaged_replica_file_is_reported_in_words(office: Office) -> None:
    office.settings.data_dir.mkdir(parents=True)
    office.settings.replica_path.write_bytes(b"this is not a database" * 100)
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: bool(app._notifications))
        message = next(iter(app._notifications)).message
        assert "Kontorets lokale data kan ikke åbnes. Behold filen til IT:" in message
        assert "Traceback" not in message
        assert isinstance(app.screen, SearchScreen)


async def test_a_deposit_prints_its_receipt_on_the_configured_printer(
    office: Office, fake_lp: Path
) -> None:
    app = office.app(printer="Kontor")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"75", "enter")
        receipt = office.settings.data_dir / "statements" / "kvittering_K-000001.pdf"
        await wait_until(pilot, receipt.exists)
        await wait_until(pilot, (fake_lp / "lp-args").exists)
        assert (fake_lp / "lp-args").read_text().splitlines() == [
            "-d",
            "Kontor",
            "-t",
            "Kvittering for kontant indbetaling K-000001",
            "-o",
            "media=A5",
            str(receipt),
        ]
        text = "\n".join(page.extract_text() for page in PdfReader(receipt).pages)
        assert "K-000001" in text and "75,00" in text and "Åse Østergaard" in text
        messages = [notification.message for notification in app._notifications]
        printed = f"Sendt til printeren Kontor (job Kontor-17) og gemt i {receipt}"
        assert any(printed in m for m in messages)


async def test_a_statement_for_the_period_is_saved_and_the_path_shown(office: Office) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "søren")
        await open_dialog(pilot, "ctrl+k", StatementDialog)
        assert app.screen.query_one("#from", Input).value == "01.11.2026"
        assert app.screen.query_one("#to", Input).value == "24.11.2026"
        app.screen.query_one("#to", Input).value = "2026-10-01"
        await pilot.pause(0.05)
        assert text_of(app, "#problem") == "Til: må ikke ligge før Fra"
        app.screen.query_one("#to", Input).value = "30.11.2026"
        await pilot.press("enter", "enter")
        saved = (
            office.settings.data_dir
            / "statements"
            / "kontoudtog_7.A-Søren-Kierkegaard_2026-11-01_2026-11-30.pdf"
        )
        await wait_until(pilot, saved.exists)
        text = "\n".join(page.extract_text() for page in PdfReader(saved).pages)
        assert "Søren Kierkegaard" in text and "120,50" in text and "Side 1 af 1" in text
        messages = [notification.message for notification in app._notifications]
        assert any(f"Gemt i {saved}" in m for m in messages)
