"""A class and its statements, today's receipts with a copy, my work today and earlier day
ends, in the real Textual app against the real ledger server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from textual.widgets import DataTable, Input

from office_app.app import OfficeApp
from office_app.desk.session import SignedIn
from screens.account import AccountScreen
from screens.class_list import ClassScreen
from screens.day_end import DayEndDialog
from screens.day_end_history import DayEndHistoryScreen
from screens.dialogs import DepositDialog, StatementDialog
from screens.search import SearchScreen
from screens.today import MyWorkScreen, ReceiptsTodayScreen
from tests.office_support import (
    Office,
    open_dialog,
    outbox,
    ready,
    serve_office,
    text_of,
    wait_until,
)
from tests.test_tui_desk import open_child
from tests.world import make_world

OLE = SignedIn("ole", "Ole Madsen", "admin")


@pytest.fixture
def office(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Office]:
    yield from serve_office(make_world(sqlite_engine), tmp_path)


def rows_of(app: OfficeApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


async def test_a_class_of_thirty_lists_low_balances_and_prints_every_statement_in_one_pdf(
    office: Office,
) -> None:
    world = office.world
    for number in range(28):
        office.school.add(f"Barn{number:02d} Holm", "5.B", f"55{number:05d}", 1000 * number)
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press(*"5b")
        await wait_until(pilot, lambda: app.screen.query_one("#results", DataTable).row_count > 2)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ClassScreen))
        await wait_until(pilot, lambda: len(rows_of(app, "#class-children")) == 30)
        rows = {row[0]: row for row in rows_of(app, "#class-children")}
        # The school's threshold is 50 kr. unless set: 0 and 40 kr. are low, 50 and 250 kr. not.
        assert rows["Zoë Ærø-Lund"][1:] == ["0,00 kr.", "Intet", "Aktivt", "▲ Lav saldo"]
        assert rows["Barn04 Holm"][4] == "▲ Lav saldo"
        assert rows["Barn05 Holm"][4] == ""
        assert rows["Åse Østergaard"][1] == "250,00 kr." and rows["Åse Østergaard"][4] == ""
        heading = str(app.screen.query_one("#class-heading").render())
        assert "Klasse 5.B: 30 elever" in heading and "6 med lav saldo (under 50,00 kr.)" in heading

        await open_dialog(pilot, "ctrl+k", StatementDialog)
        await pilot.press("ctrl+t", "enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ClassScreen))
        await wait_until(
            pilot,
            lambda: "Kontoudtog for klasse 5.B, 30 elever" in text_of(app, "#class-progress-line"),
            seconds=60,
        )
    [made] = (office.settings.data_dir / "statements").glob("kontoudtog_Klasse-5.B_*.pdf")
    text = pdf_text(made)
    for number in range(28):
        assert f"Barn{number:02d} Holm" in text
    assert "Åse Østergaard" in text and "Zoë Ærø-Lund" in text
    assert "Forælder til Barn27 Holm" in text  # each statement is addressed to its guardians
    assert text.count("Side 1 af 1") == 30  # one child per page group
    assert world.engine is not None


async def test_todays_receipts_reprint_a_copy_marked_kopi_and_my_work_shows_each_state(
    office: Office,
) -> None:
    app = office.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"200", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AccountScreen))
        await wait_until(pilot, lambda: bool(outbox(app)) and outbox(app)[-1].state == "applied")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptsTodayScreen))
        await wait_until(pilot, lambda: rows_of(app, "#today-lines")[0][0] == "K-000001")
        [row] = rows_of(app, "#today-lines")
        assert row[2:] == ["Åse Østergaard (5.B)", "200,00 kr.", "Hanne Sørensen", "Bogført"]
        await pilot.press("ctrl+k")
        copy = office.settings.data_dir / "statements" / "kvittering_K-000001_kopi.pdf"
        await wait_until(pilot, copy.exists)
        await pilot.press("escape", "ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, MyWorkScreen))
        await wait_until(pilot, lambda: len(rows_of(app, "#today-lines")) == 1)
        assert rows_of(app, "#today-lines")[0][1:] == [
            "Indbetaling 200,00 kr.",
            "Åse Østergaard",
            "Bogført",
        ]
        assert "Hanne Sørensen" in str(app.screen.query_one("#today-heading").render())
    # Only the deposit reached the outbox; a reprint moves nothing.
    assert [row.type for row in outbox(app)] == ["deposit.cash"]
    text = pdf_text(copy)
    assert "KOPI – genudskrift af kvitteringen" in text
    assert "K-000001" in text and "200,00 kr." in text and "450,00 kr." in text
    original = office.settings.data_dir / "statements" / "kvittering_K-000001.pdf"
    assert "KOPI" not in pdf_text(original)


async def test_a_copy_in_english_says_copy(office: Office) -> None:
    app = office.app(language="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await open_child(pilot, app, "åse")
        await open_dialog(pilot, "f3", DepositDialog)
        await pilot.press(*"12", "enter")
        await wait_until(pilot, lambda: bool(outbox(app)))
        await pilot.press("escape", "ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceiptsTodayScreen))
        await wait_until(pilot, lambda: rows_of(app, "#today-lines")[0][0] == "K-000001")
        await pilot.press("ctrl+k")
        copy = office.settings.data_dir / "statements" / "receipt_K-000001_copy.pdf"
        await wait_until(pilot, copy.exists)
    assert "COPY – a reprint of the receipt" in pdf_text(copy)


async def test_the_day_end_difference_shows_as_typed_and_an_earlier_day_end_reopens(
    office: Office,
) -> None:
    app = office.app(staff=OLE)
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, DayEndDialog))
        assert "skriv det optalte beløb" in text_of(app, "#live-difference")
        await pilot.press(*"12,5")
        await wait_until(pilot, lambda: "difference 12,50 kr." in text_of(app, "#live-difference"))
        assert app.screen.query_one("#reason", Input).value == ""  # before any reason
        app.screen.query_one("#float", Input).value = "12,50"
        await wait_until(pilot, lambda: "ingen difference" in text_of(app, "#live-difference"))
        app.screen.query_one("#float", Input).value = "10"
        await wait_until(pilot, lambda: "difference 2,50 kr." in text_of(app, "#live-difference"))
        app.screen.query_one("#reason", Input).value = "Fundet i skuffen"
        app.screen.query_one("#checked-by", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, DayEndDialog))
        await wait_until(
            pilot, lambda: any("Kassen er afsluttet" in n.message for n in app._notifications)
        )
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, DayEndDialog))
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, DayEndHistoryScreen))
        await wait_until(pilot, lambda: len(rows_of(app, "#history-days")) == 1)
        [row] = rows_of(app, "#history-days")
        assert row[0] == "24.11.2026" and row[2:] == [
            "Ole Madsen",
            "10,00 kr.",
            "12,50 kr.",
            "2,50 kr.",
        ]
        facts = text_of(app, "#history-facts")
        assert "byttepenge 10,00 kr." in facts and "Fundet i skuffen" in facts
        before = len(app._notifications)
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: len(app._notifications) > before)
        said = list(app._notifications)[-1].message
    [report] = (office.settings.data_dir / "statements").glob("kasseopgoerelse_*.pdf")
    assert str(report) in said  # the saved report, opened again, not a new one
    assert "Fundet i skuffen" in pdf_text(report)
