"""The household around a child: every child of the same guardians with their balances, the
total, and one statement for them all (Ctrl-K). Enter opens the highlighted child."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from office_app.desk.requests import PrintHouseholdStatement
from office_app.domain.localtime import local_today
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialogs import StatementDialog
from screens.messages import OpenStudent
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.people import HouseholdView
    from office_app.desk.queries import StudentRow


class HouseholdStatementDialog(StatementDialog):
    """The period of a household's statement, chosen as for one child's; it names every
    child the document will hold instead of the one child."""

    def __init__(self, student: StudentRow, today: dt.date, names: list[str]) -> None:
        super().__init__(student, today)
        self.dialog_title = (
            f"{tr('household.statement')}\n{tr('household.statement_for', names=', '.join(names))}"
        )
        self.student = None


class HouseholdScreen(OfficeScreen):
    """Every child of a household with balance and state, and their total."""

    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+k", "statement", "household.statement"),
    ]
    DEFAULT_CSS = """
    #household-head { height: auto; padding: 1 2 0 2; }
    #household-title { text-style: bold; }
    #household-guardians { color: $text-muted; }
    #household-total { text-style: bold; }
    #household-children { height: 1fr; margin: 1 1 0 1; }
    """

    def __init__(self, student_id: uuid.UUID) -> None:
        super().__init__()
        self.student_id = student_id
        self.student: StudentRow | None = None
        self.view: HouseholdView | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        with Vertical(id="household-head"):
            yield Static("", id="household-title")
            yield Static("", id="household-guardians")
            yield Static("", id="household-total")
        yield OfficeTable(id="household-children", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#household-children", DataTable)
        for key in ("col_name", "col_class", "col_state", "col_balance"):
            table.add_column(tr(f"household.{key}"), key=key)
        table.focus()
        self.reload()

    @work(thread=True, exclusive=True, group="household", exit_on_error=False)
    def reload(self) -> None:
        backend = self.office.backend
        if backend is None:
            return
        rows = backend.rows((self.student_id,))
        view = backend.household(self.student_id)
        self.app.call_from_thread(self._show, rows[0] if rows else None, view)

    def _show(self, student: StudentRow | None, view: HouseholdView) -> None:
        self.student, self.view = student, view
        if student is None:
            return
        self.query_one("#household-title", Static).update(tr("household.of", name=student.name))
        names = ", ".join(
            f"{guardian.name} <{guardian.email}>" if guardian.email else guardian.name
            for guardian in view.guardians
        )
        self.query_one("#household-guardians", Static).update(
            tr("household.guardians", names=names or "–")
        )
        table = self.query_one("#household-children", DataTable)
        table.clear()
        for child in view.children:
            state = (
                tr("search.left_mark").capitalize()
                if child.status == "left"
                else tr("household.active")
            )
            table.add_row(
                child.name,
                child.class_label,
                state,
                money(child.balance_ore),
                key=str(child.student_id),
            )
        self.query_one("#household-total", Static).update(
            tr("household.total", total=money(view.total_ore))
        )

    def on_screen_resume(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()

    @on(DataTable.RowSelected, "#household-children")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(OpenStudent(uuid.UUID(event.row_key.value)))

    def action_statement(self) -> None:
        student, view = self.student, self.view
        if student is None or view is None:
            return

        def print_statement(period: tuple[dt.date, dt.date] | None) -> None:
            if period is not None:
                self.submit(PrintHouseholdStatement(student, *period))

        self.app.push_screen(
            HouseholdStatementDialog(
                student,
                local_today(self.office.clock),
                [child.name for child in view.children],
            ),
            print_statement,
        )
