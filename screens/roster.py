"""Roster import: a dry run of a class-list file against the replica, then apply it.

Enter after the path shows what will be added, changed and marked as leaving, and every bad
row with its line number and reason. The apply key (F4) applies the file; when it has bad rows
it first asks for the number of rows left out, typed, and then applies the good rows only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label, Static
from typing_extensions import override

from office_app.desk.fields import FieldProblem
from office_app.desk.requests import ApplyRoster
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialog import ConfirmDialog, Dialog
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.roster import RosterPlan


class RosterScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+g", "apply", "roster.apply"),
    ]
    DEFAULT_CSS = """
    RosterScreen Label { margin: 1 1 0 1; text-style: bold; }
    #roster-file { margin: 0 1; }
    #roster-summary { height: auto; margin: 0 2; }
    #roster-summary.-problem { color: $error; }
    #roster-plan { height: 1fr; margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.plan: RosterPlan | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("roster.title"))
        yield Input(placeholder=tr("roster.file_hint"), id="roster-file")
        yield Static("", id="roster-summary")
        yield OfficeTable(id="roster-plan", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#roster-plan", DataTable)
        for key in ("change", "child", "class", "detail"):
            table.add_column(tr(f"roster.col_{key}"))
        self.query_one("#roster-file", Input).focus()

    def action_back(self) -> None:
        self.dismiss()

    @on(Input.Submitted, "#roster-file")
    def _dry_run(self, event: Input.Submitted) -> None:
        self.plan = None
        self.refresh_bindings()
        self.load(Path(event.value.strip()).expanduser())

    @work(thread=True, exclusive=True, group="roster", exit_on_error=False)
    def load(self, path: Path) -> None:
        from office_app.desk.roster import plan
        from office_app.desk.roster_file import RosterFileError, parse

        backend, desk = self.office.backend, self.office.desk
        if backend is None or desk is None:
            return
        try:
            roster = parse(path.read_bytes())
        except OSError as error:
            message = tr("roster.unreadable_file", path=path, reason=error.strerror)
            self.app.call_from_thread(self._refused, message)
            return
        except RosterFileError as error:
            self.app.call_from_thread(self._refused, f"{path}: {error}")
            return
        self.app.call_from_thread(self._show, plan(backend.engine, desk.school_id, roster))

    def _refused(self, message: str) -> None:
        summary = self.query_one("#roster-summary", Static)
        summary.update(message)
        summary.add_class("-problem")
        self.query_one("#roster-plan", DataTable).clear()

    def _show(self, roster_plan: RosterPlan) -> None:
        self.plan = roster_plan
        summary = self.query_one("#roster-summary", Static)
        problems = roster_plan.roster.problems
        text = tr(
            "roster.summary",
            added=len(roster_plan.additions),
            changed=len(roster_plan.changes),
            leaving=len(roster_plan.leavers),
            unchanged=roster_plan.unchanged,
        )
        if problems:
            text += "\n" + tr("roster.refused", count=len(problems))
        if roster_plan.leavers_unsure:
            text += "\n" + tr("roster.leavers_unsure")
        summary.update(text)
        summary.set_class(bool(problems), "-problem")
        table = self.query_one("#roster-plan", DataTable)
        table.clear()
        for problem in problems:
            table.add_row(
                tr("roster.kind.problem"),
                tr("roster.line", line=problem.line, reason=problem.reason),
                "",
                "",
            )
        for addition in roster_plan.additions:
            row = addition.row
            guardians = ", ".join(guardian.email or guardian.name for guardian in row.guardians)
            table.add_row(tr("roster.kind.add"), row.name, row.class_label, guardians)
        for change in roster_plan.changes:
            row = change.row
            table.add_row(
                tr("roster.kind.change"), row.name, row.class_label, "; ".join(change.what)
            )
        for leaver in roster_plan.leavers:
            table.add_row(
                tr("roster.kind.leave"), leaver.name, leaver.class_label, money(leaver.balance_ore)
            )
        self.refresh_bindings()

    def _changes(self) -> int:
        if self.plan is None:
            return 0
        return len(self.plan.additions) + len(self.plan.changes) + len(self.plan.leavers)

    @override
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply":
            return self.plan is not None and self._changes() > 0
        return True

    def action_apply(self) -> None:
        roster_plan = self.plan
        if roster_plan is None or not self.check_action("apply", ()):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(roster_plan, None)

        def confirmed(left_out: int | None) -> None:
            if left_out is not None:
                self._apply(roster_plan, left_out)

        if not roster_plan.can_apply:
            self.app.push_screen(SkipRowsDialog(roster_plan.left_out), confirmed)
            return
        self.app.push_screen(
            ConfirmDialog(
                tr("roster.apply"),
                tr(
                    "roster.confirm",
                    added=len(roster_plan.additions),
                    changed=len(roster_plan.changes),
                    leaving=len(roster_plan.leavers),
                ),
                tr("roster.apply_yes"),
            ),
            answered,
        )

    def _apply(self, roster_plan: RosterPlan, left_out: int | None) -> None:
        self.plan = None
        self.refresh_bindings()
        self.submit(ApplyRoster(roster_plan, left_out))


class SkipRowsDialog(Dialog[int]):
    """Apply a class list without its bad rows: the number of rows left out, typed."""

    ENTER_SUBMITS = True

    def __init__(self, left_out: int) -> None:
        super().__init__(tr("roster.skip_title"), None)
        self.left_out = left_out

    def compose_fields(self) -> ComposeResult:
        yield Static(tr("roster.skip_question", count=self.left_out))
        yield Label(tr("roster.skip_count"))
        yield Input(id="left-out")

    def on_mount(self) -> None:
        self.query_one("#left-out", Input).focus()

    def result(self) -> int:
        if self.query_one("#left-out", Input).value.strip() != str(self.left_out):
            raise FieldProblem(tr("roster.skip_wrong", count=self.left_out))
        return self.left_out
