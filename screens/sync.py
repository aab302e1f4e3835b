"""The sync screen: what waits to be sent, and what the ledger refused with its message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from office_app.desk.wording import command_text, local_time, refusal
from office_app.i18n import tr
from screens.base import OfficeScreen
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.backend import OutboxLine


class SyncScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("f5", "app.sync_now", "sync.now"),
    ]
    DEFAULT_CSS = """
    SyncScreen Label { margin: 1 1 0 1; text-style: bold; }
    SyncScreen DataTable { height: 1fr; margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("sync.rejected_title"))
        yield OfficeTable(id="rejected", cursor_type="row")
        yield Label(tr("sync.waiting_title"))
        yield OfficeTable(id="waiting", cursor_type="row")

    def on_mount(self) -> None:
        for table_id, last in (("#rejected", "sync.col_message"), ("#waiting", None)):
            table = self.query_one(table_id, DataTable)
            for key in ("sync.col_time", "sync.col_action", "sync.col_staff", last):
                if key:
                    table.add_column(tr(key))
        self.reload()
        self.watch(self.app, "sync_view", self._synced)

    def _synced(self, _view: object) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()

    @work(thread=True, exclusive=True, group="sync-screen", exit_on_error=False)
    def reload(self) -> None:
        backend = self.office.backend
        if backend is None:
            return
        rejected, waiting = backend.outbox("rejected"), backend.outbox("pending")
        self.app.call_from_thread(self._show, rejected, waiting)

    def _show(self, rejected: list[OutboxLine], waiting: list[OutboxLine]) -> None:
        for table_id, lines, empty in (
            ("#rejected", rejected, "sync.none_rejected"),
            ("#waiting", waiting, "sync.none_waiting"),
        ):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for line in lines:
                cells = [
                    local_time(line.occurred_at),
                    command_text(line.type, line.payload),
                    line.staff or "",
                ]
                if table_id == "#rejected":
                    cells.append(refusal(line.code or ""))
                table.add_row(*cells)
            if not lines:
                table.add_row(tr(empty), *[""] * (len(table.columns) - 1))
