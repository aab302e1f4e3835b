"""The day ends recorded at this office, newest first: each one's figures as counted, and
its saved report opened again (and printed when a printer is set) on Ctrl-K."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from office_app.desk.requests import ReopenDayEnd
from office_app.domain.localtime import local_time
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.day_end import ClosedDay


def facts(closed: ClosedDay) -> str:
    """Every figure of one day end, in a sentence."""
    return tr(
        "dayend.history_facts",
        day=closed.day.strftime("%d.%m.%Y"),
        expected=money(closed.expected_ore),
        float=money(closed.opening_float_ore),
        counted=money(closed.counted_ore),
        difference=money(closed.difference_ore),
        by=closed.closed_by,
        checker=closed.checked_by or tr("dayend.history_nobody"),
        reason=closed.reason or "-",
    )


class DayEndHistoryScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+k", "reopen", "dayend.history_open"),
    ]
    DEFAULT_CSS = """
    DayEndHistoryScreen #history-title { margin: 1 1 0 1; text-style: bold; }
    DayEndHistoryScreen #history-days { height: 1fr; margin: 0 1; }
    DayEndHistoryScreen #history-facts { height: auto; margin: 0 1 1 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.days: list[ClosedDay] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("dayend.history_title"), id="history-title")
        yield OfficeTable(id="history-days", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-facts")

    def on_mount(self) -> None:
        table = self.query_one("#history-days", DataTable)
        for key in ("day", "closed", "by", "expected", "counted", "difference"):
            table.add_column(tr(f"dayend.col_{key}"))
        table.focus()
        self.reload()

    @work(thread=True, exclusive=True, group="day-end-history", exit_on_error=False)
    def reload(self) -> None:
        from office_app.desk.day_end import closed_days

        backend = self.office.backend
        if backend is not None:
            self.app.call_from_thread(self._show, closed_days(backend.engine))

    def _show(self, days: list[ClosedDay]) -> None:
        self.days = days
        table = self.query_one("#history-days", DataTable)
        table.clear()
        for closed in days:
            table.add_row(
                closed.day.strftime("%d.%m.%Y"),
                local_time(closed.closed_at).strftime("%d.%m.%Y %H:%M"),
                closed.closed_by,
                money(closed.expected_ore),
                money(closed.counted_ore),
                money(closed.difference_ore),
            )
        if not days:
            table.add_row(tr("dayend.history_none"), "", "", "", "", "")
        self._highlighted()

    @on(DataTable.RowHighlighted, "#history-days")
    def _highlighted(self) -> None:
        closed = self.current
        self.query_one("#history-facts", Static).update(facts(closed) if closed else "")

    @property
    def current(self) -> ClosedDay | None:
        row = self.query_one("#history-days", DataTable).cursor_row
        return self.days[row] if 0 <= row < len(self.days) else None

    def action_back(self) -> None:
        self.dismiss()

    def action_reopen(self) -> None:
        closed = self.current
        if closed is not None:
            self.submit(ReopenDayEnd(closed))
