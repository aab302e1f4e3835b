"""Leavers who still have money: pay out (u), move to a sibling with the guardian's consent
(o), or keep it for now with a reason (b)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Label, OptionList
from textual.widgets.option_list import Option

from office_app.desk.fields import check_move
from office_app.desk.requests import KeepLeaverMoney, MoveToSibling
from office_app.desk.wording import amount_text
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialog import Dialog
from screens.payout import open_payout
from screens.reversal import ReasonDialog
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.leavers import LeaverLine


class MoveDialog(Dialog[tuple[uuid.UUID, int, str]]):
    """To which sibling, how much (all unless changed), and the guardian's consent."""

    def __init__(self, leaver: LeaverLine) -> None:
        super().__init__(tr("leavers.move_title"), None)
        self.leaver = leaver

    def compose_fields(self) -> ComposeResult:
        yield Label(f"{self.leaver.name} ({self.leaver.class_label})")
        yield Label(tr("leavers.sibling"))
        yield OptionList(
            *(
                Option(f"{name} ({label})", id=str(sid))
                for sid, name, label in self.leaver.siblings
            ),
            id="sibling",
        )
        yield Label(tr("leavers.amount"))
        yield Input(amount_text(self.leaver.balance_ore), id="amount")
        yield Label(tr("leavers.consent"))
        yield Input(id="consent")

    def on_mount(self) -> None:
        siblings = self.query_one("#sibling", OptionList)
        siblings.highlighted = 0
        siblings.focus()

    def on_option_list_option_selected(self) -> None:
        self.query_one("#amount", Input).focus()

    def result(self) -> tuple[uuid.UUID, int, str]:
        index = self.query_one("#sibling", OptionList).highlighted or 0
        amount_ore, consent = check_move(
            self.query_one("#amount", Input).value,
            self.query_one("#consent", Input).value,
            self.leaver.balance_ore,
        )
        return self.leaver.siblings[index][0], amount_ore, consent


class LeaversScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("ctrl+u", "payout", "leavers.payout"),
        Binding("ctrl+o", "move", "leavers.move"),
        Binding("ctrl+b", "keep", "leavers.keep"),
    ]
    DEFAULT_CSS = """
    LeaversScreen Label { margin: 1 1 0 1; text-style: bold; }
    #leavers { height: 1fr; margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[LeaverLine] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("leavers.title"))
        yield OfficeTable(id="leavers", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#leavers", DataTable)
        for key in ("child", "class", "balance", "siblings", "decision"):
            table.add_column(tr(f"leavers.col_{key}"))
        self.reload()
        self.watch(self.app, "sync_view", self._synced)

    def _synced(self, _view: object) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="leavers", exit_on_error=False)
    def reload(self) -> None:
        from office_app.desk.leavers import leavers_with_money

        backend = self.office.backend
        if backend is None:
            return
        self.app.call_from_thread(self._show, leavers_with_money(backend.engine))

    def _show(self, lines: list[LeaverLine]) -> None:
        self.lines = lines
        table = self.query_one("#leavers", DataTable)
        row = table.cursor_row
        table.clear()
        for line in lines:
            decision = (
                tr("leavers.waiting")
                if line.waiting
                else tr("leavers.kept", reason=line.kept_reason)
                if line.kept_reason
                else ""
            )
            table.add_row(
                line.name,
                line.class_label,
                money(line.balance_ore),
                ", ".join(name for _, name, _ in line.siblings),
                decision,
            )
        if not lines:
            table.add_row(tr("leavers.none"), "", "", "", "")
        table.move_cursor(row=min(row, max(len(lines) - 1, 0)))

    @property
    def current(self) -> LeaverLine | None:
        row = self.query_one("#leavers", DataTable).cursor_row
        line = self.lines[row] if 0 <= row < len(self.lines) else None
        return None if line is None or line.waiting else line

    def action_back(self) -> None:
        self.dismiss()

    def action_payout(self) -> None:
        from office_app.desk.queries import StudentRow

        line = self.current
        if line is not None:
            student = StudentRow(
                line.student_id, line.name, line.class_label, "left", line.balance_ore, None, None
            )
            open_payout(self, student)

    def action_move(self) -> None:
        line = self.current
        if line is None:
            return
        if not line.siblings:
            self.notify(tr("leavers.no_siblings", name=line.name), severity="warning")
            return

        def move(result: tuple[uuid.UUID, int, str] | None) -> None:
            if result is None:
                return
            sibling_id, amount_ore, consent = result
            sibling = next(name for sid, name, _ in line.siblings if sid == sibling_id)
            self.confirm(
                tr("leavers.move_title"),
                tr(
                    "leavers.confirm_move",
                    amount=money(amount_ore),
                    name=line.name,
                    sibling=sibling,
                    consent=consent,
                ),
                tr("leavers.move_yes"),
                MoveToSibling(line, sibling_id, amount_ore, consent),
            )

        self.app.push_screen(MoveDialog(line), move)

    def action_keep(self) -> None:
        line = self.current
        if line is None:
            return

        def keep(reason: str | None) -> None:
            if reason is not None:
                self.confirm(
                    tr("leavers.keep_title"),
                    tr(
                        "leavers.confirm_keep",
                        name=line.name,
                        amount=money(line.balance_ore),
                        reason=reason,
                    ),
                    tr("leavers.keep_yes"),
                    KeepLeaverMoney(line, reason),
                )

        what = f"{line.name} ({line.class_label}): {money(line.balance_ore)}"
        self.app.push_screen(ReasonDialog(tr("leavers.keep_title"), what), keep)
