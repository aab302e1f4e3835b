"""The approvals screen: payouts and reversals waiting for a second staff member, the
approved payouts that go into the next bank file (it says how many and how much, and asks
first), and the payouts sent to the bank that it has not answered for.

Nobody approves their own request: for one's own line the approve key is hidden and the screen
says why (the ledger refuses it too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static
from typing_extensions import override

from office_app.desk.requests import Decide, WriteBankFile
from office_app.desk.wording import describe, local_time
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialog import ConfirmDialog
from screens.reversal import ReasonDialog
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.approvals import ApprovalLine
    from office_app.desk.bank_file import BankFilePlan


class ApprovalsScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+g", "approve", "approvals.approve"),
        Binding("ctrl+r", "reject", "approvals.reject"),
        Binding("ctrl+b", "bank_file", "approvals.bank_file"),
    ]
    DEFAULT_CSS = """
    ApprovalsScreen Label { margin: 1 1 0 1; text-style: bold; }
    #approvals { height: 1fr; margin: 0 1; }
    #approvals-hint { height: auto; margin: 0 2; color: $warning; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ApprovalLine] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("approvals.title"))
        yield OfficeTable(id="approvals", cursor_type="row", zebra_stripes=True)
        yield Static("", id="approvals-hint")

    def on_mount(self) -> None:
        table = self.query_one("#approvals", DataTable)
        for key in ("what", "child", "amount", "by", "when", "state", "detail"):
            table.add_column(tr(f"approvals.col_{key}"))
        self.reload()
        self.watch(self.app, "sync_view", self._synced)

    def _synced(self, _view: object) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="approvals", exit_on_error=False)
    def reload(self) -> None:
        from office_app.desk.approvals import approval_lines

        backend = self.office.backend
        if backend is None:
            return
        self.app.call_from_thread(self._show, approval_lines(backend.engine))

    def _show(self, lines: list[ApprovalLine]) -> None:
        self.lines = lines
        table = self.query_one("#approvals", DataTable)
        row = table.cursor_row
        table.clear()
        for line in lines:
            state = "queued" if line.queued else line.status
            table.add_row(
                tr(f"approvals.what.{line.kind}"),
                f"{line.student_name} ({line.class_label})",
                money(line.amount_ore),
                line.requested_by,
                local_time(line.requested_at),
                tr(f"approvals.state.{state}"),
                line.detail,
            )
        if not lines:
            table.add_row(tr("approvals.none"), *[""] * 6)
        table.move_cursor(row=min(row, max(len(lines) - 1, 0)))
        self._highlight_changed()

    @property
    def current(self) -> ApprovalLine | None:
        row = self.query_one("#approvals", DataTable).cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def _own(self, line: ApprovalLine | None) -> bool:
        staff = self.office.staff
        return line is not None and staff is not None and line.requested_by == staff.username

    @on(DataTable.RowHighlighted, "#approvals")
    def _highlight_changed(self) -> None:
        hint = tr("approvals.own_hint") if self._own(self.current) else ""
        self.query_one("#approvals-hint", Static).update(hint)
        self.refresh_bindings()

    @override
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        line = self.current
        waiting = line is not None and not line.queued and line.status == "pending_approval"
        if action == "approve":
            return waiting and not self._own(line)
        if action == "reject":
            return line is not None and not line.queued and line.status != "sent"
        if action == "bank_file":
            return any(item.status == "approved" and not item.queued for item in self.lines)
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_approve(self) -> None:
        line = self.current
        if line is not None and self.check_action("approve", ()):
            self.confirm(
                tr("approvals.approve"),
                tr(f"approvals.confirm_approve.{line.kind}", what=describe(line)),
                tr("approvals.approve_yes"),
                Decide(line, approve=True),
            )

    def action_reject(self) -> None:
        line = self.current
        if line is None or not self.check_action("reject", ()):
            return

        def reject(reason: str | None) -> None:
            if reason is not None:
                self.confirm(
                    tr("approvals.reject"),
                    tr(f"approvals.confirm_reject.{line.kind}", what=describe(line), reason=reason),
                    tr("approvals.reject_yes"),
                    Decide(line, approve=False, reason=reason),
                )

        self.app.push_screen(ReasonDialog(tr("approvals.reject_title"), describe(line)), reject)

    def action_bank_file(self) -> None:
        if self.check_action("bank_file", ()):
            self._plan_bank_file()

    @work(thread=True, exclusive=True, group="bank-file", exit_on_error=False)
    def _plan_bank_file(self) -> None:
        """What the next bank file would hold; the file is made only once that is confirmed."""
        from office_app.desk.bank_file import plan_bank_file

        backend = self.office.backend
        if backend is None:
            return
        plan = plan_bank_file(backend.engine, self.office.clock())
        self.app.call_from_thread(self._confirm_bank_file, plan)

    def _confirm_bank_file(self, plan: BankFilePlan) -> None:
        if plan.problem:
            self.app.notify(plan.problem, severity="warning", timeout=10)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.submit(WriteBankFile(plan))
            else:
                self.app.notify(tr("bankfile.cancelled"))

        dialog = ConfirmDialog(tr("bankfile.confirm_button"), plan.confirmation())
        self.app.push_screen(dialog, answered)
