"""A class at the desk: every child's balance, daily cap and card, those low on money marked,
and the class's statements for a period as one PDF, made in a worker with its progress shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, ProgressBar, Static

from office_app.desk.wording import cap, card_status
from office_app.domain.localtime import local_today
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialogs import StatementDialog
from screens.messages import OpenStudent
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.class_list import ClassList


class ClassScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+k", "statements", "class.statements"),
        Binding("enter", "open_child", "class.open", show=False),
    ]
    DEFAULT_CSS = """
    ClassScreen #class-heading { margin: 1 1 0 1; text-style: bold; height: auto; }
    ClassScreen #class-children { height: 1fr; margin: 0 1; }
    ClassScreen #class-progress-line { height: auto; margin: 0 1; }
    ClassScreen ProgressBar { margin: 0 1; }
    ClassScreen .-hidden { display: none; }
    """

    def __init__(self, class_label: str) -> None:
        super().__init__()
        self.class_label = class_label
        self.listed: ClassList | None = None
        self.making = False

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("class.none", label=self.class_label), id="class-heading")
        yield OfficeTable(id="class-children", cursor_type="row", zebra_stripes=True)
        yield Static("", id="class-progress-line")
        yield ProgressBar(id="class-progress", show_eta=False, classes="-hidden")

    def on_mount(self) -> None:
        table = self.query_one("#class-children", DataTable)
        for key in ("name", "balance", "cap", "card", "low"):
            table.add_column(tr(f"class.col_{key}"), key=key)
        table.focus()
        self.reload()
        self.watch(self.app, "sync_view", self._synced)

    def _synced(self, _view: object) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="class-list", exit_on_error=False)
    def reload(self) -> None:
        from office_app.desk.class_list import class_list

        backend = self.office.backend
        if backend is not None:
            self.app.call_from_thread(self._show, class_list(backend.engine, self.class_label))

    def _show(self, listed: ClassList) -> None:
        self.listed = listed
        table = self.query_one("#class-children", DataTable)
        row = table.cursor_row
        table.clear()
        for child in listed.children:
            card = child.card
            table.add_row(
                child.name,
                money(child.balance_ore),
                cap(child.daily_cap_ore),
                card_status(card.status, card.block_reason) if card else card_status(None),
                tr("class.low") if listed.is_low(child) else "",
                key=str(child.student_id),
            )
        table.move_cursor(row=min(row, max(len(listed.children) - 1, 0)))
        heading = (
            tr(
                "class.heading",
                label=listed.class_label,
                count=len(listed.children),
                total=money(listed.total_ore),
                low=listed.low_count,
                limit=money(listed.low_balance_ore),
            )
            if listed.children
            else tr("class.none", label=listed.class_label)
        )
        self.query_one("#class-heading", Label).update(heading)

    def action_back(self) -> None:
        self.dismiss()

    def action_open_child(self) -> None:
        table = self.query_one("#class-children", DataTable)
        if self.listed is not None and 0 <= table.cursor_row < len(self.listed.children):
            self.post_message(OpenStudent(self.listed.children[table.cursor_row].student_id))

    @on(DataTable.RowSelected, "#class-children")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(OpenStudent(uuid.UUID(event.row_key.value)))

    def action_statements(self) -> None:
        """The period in a dialog, then every child's statement in one PDF."""
        if self.making:
            self.notify(tr("class.busy"), severity="warning")
            return
        if self.listed is None or not self.listed.children:
            return

        def chosen(period: tuple[dt.date, dt.date] | None) -> None:
            if period is not None:
                self.making = True
                self._progress(0, len(self.listed.children) + 1 if self.listed else 1)
                self._make_statements(*period)

        title = tr("class.statement_title", label=self.class_label)
        today = local_today(self.office.clock)
        self.app.push_screen(StatementDialog(None, today, title), chosen)

    @work(thread=True, exclusive=True, group="class-statements", exit_on_error=False)
    def _make_statements(self, first: dt.date, last: dt.date) -> None:
        from office_app.desk.class_list import class_statements
        from office_app.reports.printing import SaveError
        from office_app.reports.queries import ReportError

        desk = self.office.desk
        try:
            if desk is None:
                raise ReportError(tr("login.no_staff"))
            outcome = class_statements(
                desk,
                self.class_label,
                first,
                last,
                lambda done, total: self.app.call_from_thread(self._progress, done, total),
            )
        except (SaveError, ReportError) as error:
            self.app.call_from_thread(self._finished, str(error), failed=True)
            return
        finally:
            self.app.call_from_thread(setattr, self, "making", False)
        count = len(self.listed.children) if self.listed else 0
        said = tr("class.done", label=self.class_label, count=count, printed=outcome.message)
        self.app.call_from_thread(self._finished, said, failed=False)

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#class-progress", ProgressBar)
        bar.remove_class("-hidden")
        bar.update(total=total, progress=done)
        children = total - 1
        line = (
            tr("class.assembling")
            if done >= children
            else tr("class.progress", done=done, total=children)
        )
        self.query_one("#class-progress-line", Static).update(line)

    def _finished(self, said: str, *, failed: bool) -> None:
        self.query_one("#class-progress", ProgressBar).add_class("-hidden")
        self.query_one("#class-progress-line", Static).update(said)
        self.notify(said, severity="error" if failed else "information", timeout=8)
