"""Today at this office: the cash receipts given (a copy of one on Ctrl-K, marked "KOPI"),
and the signed-in staff member's own work, each with how far the ledger has got with it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from office_app.desk.requests import ReprintReceipt
from office_app.desk.wording import command_text, refusal
from office_app.domain.localtime import local_time
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.today import ReceiptLine, WorkLine


def state_text(state: str, code: str = "") -> str:
    """A command's state in words: waiting for the ledger, recorded, or refused and why."""
    return tr(f"today.state.{state}", reason=refusal(code) if code else "-")


class TodayScreen(OfficeScreen):
    """A heading over one table of today's lines, fresh after every sync."""

    DEFAULT_CSS = """
    TodayScreen #today-heading { margin: 1 1 0 1; text-style: bold; height: auto; }
    TodayScreen #today-lines { height: 1fr; margin: 0 1; }
    """
    columns: tuple[str, ...] = ()

    def heading(self) -> str:
        return ""

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(self.heading(), id="today-heading")
        yield OfficeTable(id="today-lines", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#today-lines", DataTable)
        for column in self.columns:
            table.add_column(tr(column))
        table.focus()
        self.reload()
        self.watch(self.app, "sync_view", self._synced)

    def _synced(self, _view: object) -> None:
        self.reload()

    def reload(self) -> object:
        """Read today's lines in a worker and show them."""
        return None

    def show_rows(self, rows: Sequence[Sequence[str]], empty: str) -> None:
        table = self.query_one("#today-lines", DataTable)
        row = table.cursor_row
        table.clear()
        for cells in rows:
            table.add_row(*cells)
        if not rows:
            table.add_row(empty, *([""] * (len(self.columns) - 1)))
        table.move_cursor(row=min(row, max(len(rows) - 1, 0)))

    def action_back(self) -> None:
        self.dismiss()


class ReceiptsTodayScreen(TodayScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+k", "reprint", "receipts.reprint"),
    ]
    columns = (
        "receipts.col_no",
        "receipts.col_time",
        "receipts.col_child",
        "receipts.col_amount",
        "receipts.col_staff",
        "receipts.col_state",
    )

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ReceiptLine] = []

    def heading(self) -> str:
        return tr("receipts.title")

    @work(thread=True, exclusive=True, group="receipts-today", exit_on_error=False)
    def reload(self) -> None:
        from office_app.desk.today import receipts_today

        backend = self.office.backend
        if backend is not None:
            lines = receipts_today(backend.engine, self.office.clock())
            self.app.call_from_thread(self._show, lines)

    def _show(self, lines: list[ReceiptLine]) -> None:
        self.lines = lines
        rows = [
            (
                line.receipt_no,
                local_time(line.taken_at).strftime("%H:%M"),
                f"{line.student_name} ({line.class_label})",
                money(line.amount_ore),
                line.staff_name,
                state_text(line.state),
            )
            for line in lines
        ]
        self.show_rows(rows, tr("receipts.none"))

    def action_reprint(self) -> None:
        row = self.query_one("#today-lines", DataTable).cursor_row
        if 0 <= row < len(self.lines):
            self.submit(ReprintReceipt(self.lines[row].receipt_no))


class MyWorkScreen(TodayScreen):
    BINDINGS = [Binding("escape", "back", "app.back")]
    columns = ("work.col_time", "work.col_what", "work.col_child", "work.col_state")

    def heading(self) -> str:
        return tr("work.title", name=self.office.staff_name)

    @work(thread=True, exclusive=True, group="work-today", exit_on_error=False)
    def reload(self) -> None:
        from office_app.desk.today import work_today

        backend, staff = self.office.backend, self.office.staff
        if backend is not None and staff is not None:
            lines = work_today(backend.engine, self.office.clock(), staff.username)
            self.app.call_from_thread(self._show, lines)

    def _show(self, lines: list[WorkLine]) -> None:
        rows = [
            (
                local_time(line.at).strftime("%H:%M"),
                command_text(line.command_type, line.payload),
                line.student_name,
                state_text(line.state, line.code),
            )
            for line in lines
        ]
        self.show_rows(rows, tr("work.none"))
