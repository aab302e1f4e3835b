"""One child's account: balance and what waits to be synced, cards, cap, activity, siblings."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static
from typing_extensions import override

from office_app.desk.requests import (
    BlockCard,
    Deposit,
    PrintStatement,
    ReactivateCard,
    ReplaceCard,
    SetCap,
)
from office_app.desk.wording import (
    activity_text,
    cap,
    card_status,
    command_text,
    local_time,
    signed,
)
from office_app.domain.localtime import local_today
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialogs import (
    BlockDialog,
    CapChoice,
    CapDialog,
    ConfirmDialog,
    DepositDialog,
    ReplaceDialog,
    StatementDialog,
)
from screens.messages import OpenStudent
from screens.payout import open_payout
from screens.reversal import open_reversal

if TYPE_CHECKING:
    from office_app.desk.queries import AccountView, SchoolFacts


class AccountScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("i", "deposit", "action.deposit"),
        Binding("s", "block", "action.block"),
        Binding("a", "reactivate", "action.reactivate"),
        Binding("n", "replace", "action.replace"),
        Binding("m", "cap", "action.cap"),
        Binding("k", "statement", "action.statement"),
        Binding("f", "sibling", "action.sibling"),
        Binding("u", "payout", "action.payout"),
        Binding("t", "reversal", "action.reversal"),
    ]
    DEFAULT_CSS = """
    #account-head { height: auto; padding: 1 2 0 2; }
    #student-name { text-style: bold; }
    #figures { height: auto; padding: 0 2; }
    #figures > Vertical { width: 1fr; height: auto; }
    .figure-label { color: $text-muted; }
    #balance { text-style: bold; }
    #pending { color: $warning; }
    #activity { height: 1fr; margin: 1 1 0 1; }
    """

    def __init__(self, student_id: uuid.UUID) -> None:
        super().__init__()
        self.student_id = student_id
        self.view: AccountView | None = None
        self.facts: SchoolFacts | None = None
        self.receipt_no = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        with Vertical(id="account-head"):
            yield Static("", id="student-name")
            yield Static("", id="student-class")
        with Horizontal(id="figures"):
            with Vertical():
                yield Static(tr("account.balance"), classes="figure-label")
                yield Static("", id="balance")
                yield Static(tr("account.pending"), classes="figure-label")
                yield Static("", id="pending")
            with Vertical():
                yield Static(tr("account.cards"), classes="figure-label")
                yield Static("", id="cards")
                yield Static(tr("account.cap"), classes="figure-label")
                yield Static("", id="cap")
            with Vertical():
                yield Static(tr("account.agreement"), classes="figure-label")
                yield Static("", id="agreement")
                yield Static(tr("account.siblings"), classes="figure-label")
                yield Static("", id="siblings")
        yield DataTable(id="activity", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#activity", DataTable)
        for key in ("col_time", "col_what", "col_amount"):
            table.add_column(tr(f"account.{key}"), key=key)
        self.reload()

    @work(thread=True, exclusive=True, group="account", exit_on_error=False)
    def reload(self) -> None:
        backend, desk = self.office.backend, self.office.desk
        if backend is None:
            return
        view = backend.account(self.student_id)
        facts = backend.school()
        receipt_no = desk.next_receipt_number() if desk else ""
        self.app.call_from_thread(self._show, view, facts, receipt_no)

    def _show(self, view: AccountView | None, facts: SchoolFacts | None, receipt_no: str) -> None:
        self.view, self.facts, self.receipt_no = view, facts, receipt_no
        if view is None:
            return
        student = view.student
        self.query_one("#student-name", Static).update(student.name)
        head = tr("account.class", label=student.class_label)
        if student.status == "left":
            head += f" · {tr('account.left')}"
        self.query_one("#student-class", Static).update(head)
        self.query_one("#balance", Static).update(money(student.balance_ore))
        waiting = "; ".join(command_text(c.type, c.payload) for c in view.pending)
        pending = (
            f"{signed(view.pending_ore)} ({waiting})"
            if view.pending
            else tr("account.pending_none")
        )
        self.query_one("#pending", Static).update(pending)
        cards = [f"{c.card_number} {card_status(c.status, c.block_reason)}" for c in view.cards]
        self.query_one("#cards", Static).update("\n".join(cards) or tr("card.none"))
        self.query_one("#cap", Static).update(
            f"{cap(student.daily_cap_ore)} · {tr('account.spent_today')}: "
            f"{money(view.spent_today_ore)}"
        )
        agreement = view.agreement
        if agreement is None:
            agreement_text = tr("account.agreement_none")
        else:
            key = (
                "account.agreement_waiting"
                if agreement.status == "waiting"
                else "account.agreement_active"
            )
            agreement_text = tr(key, amount=money(agreement.amount_ore))
        self.query_one("#agreement", Static).update(agreement_text)
        siblings = [f"{name} ({label})" for _, name, label in view.siblings]
        self.query_one("#siblings", Static).update(
            ", ".join(siblings) if siblings else tr("account.no_siblings")
        )
        table = self.query_one("#activity", DataTable)
        table.clear()
        for line in view.activity:
            amount = "" if line.amount_ore is None else signed(line.amount_ore)
            if line.kind == "declined":
                amount = f"({money(line.amount_ore or 0)})"
            table.add_row(local_time(line.at), activity_text(line), amount)
        if not view.activity:
            table.add_row("", tr("account.no_activity"), "")

    def action_back(self) -> None:
        self.dismiss()

    def _card(self, status: str) -> str | None:
        if self.view is None:
            return None
        return next((c.card_number for c in self.view.cards if c.status == status), None)

    def action_deposit(self) -> None:
        if self.view is None or self.facts is None:
            return
        student = self.view.student

        def deposit(result: tuple[int, str] | None) -> None:
            if result is not None:
                self.submit(Deposit(student, *result))

        self.app.push_screen(
            DepositDialog(student, self.receipt_no, self.facts.max_deposit_ore), deposit
        )

    def action_block(self) -> None:
        if self.view is None:
            return
        number = self._card("active")
        if number is None:
            self.notify(tr("block.no_card", name=self.view.student.name), severity="warning")
            return

        def block(reason: str | None) -> None:
            if reason is not None:
                self.submit(BlockCard(number, reason))

        self.app.push_screen(BlockDialog(self.view.student, number), block)

    def action_reactivate(self) -> None:
        if self.view is None:
            return
        number = self._card("blocked")
        if number is None:
            self.notify(tr("reactivate.no_card", name=self.view.student.name), severity="warning")
            return
        question = tr("reactivate.question", number=number, name=self.view.student.name)

        def reactivate(yes: bool | None) -> None:
            if yes:
                self.submit(ReactivateCard(number))

        self.app.push_screen(ConfirmDialog(tr("reactivate.title"), question), reactivate)

    def action_replace(self) -> None:
        if self.view is None or self.facts is None:
            return
        old = self._card("active") or self._card("blocked")
        if old is None:
            self.notify(tr("replace.no_card", name=self.view.student.name), severity="warning")
            return
        fee = self.facts.replacement_fee_ore

        def replace(result: tuple[str, str | None] | None) -> None:
            if result is not None:
                self.submit(ReplaceCard(old, result[0], fee, result[1]))

        self.app.push_screen(
            ReplaceDialog(self.view.student, old, fee, self.office.card_owner_name), replace
        )

    def action_cap(self) -> None:
        if self.view is None:
            return
        student = self.view.student

        def set_cap(choice: CapChoice | None) -> None:
            if choice is not None:
                self.submit(SetCap(student, choice.daily_cap_ore))

        self.app.push_screen(CapDialog(student), set_cap)

    def action_statement(self) -> None:
        if self.view is None:
            return
        student = self.view.student

        def print_statement(period: tuple[dt.date, dt.date] | None) -> None:
            if period is not None:
                self.submit(PrintStatement(student, *period))

        self.app.push_screen(
            StatementDialog(student, local_today(self.office.clock)), print_statement
        )

    @override
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reversals are the administrator's."""
        return action != "reversal" or self.office.is_admin

    def action_payout(self) -> None:
        if self.view is not None:
            open_payout(self, self.view.student)

    def action_reversal(self) -> None:
        if self.view is not None and self.office.is_admin:
            open_reversal(self, self.view.student)

    def action_sibling(self) -> None:
        """The next child of the household, in name order, round to the first again."""
        if self.view is None or not self.view.siblings:
            return
        student = self.view.student
        household = sorted(
            [(name, sibling_id) for sibling_id, name, _ in self.view.siblings]
            + [(student.name, student.student_id)]
        )
        here = household.index((student.name, student.student_id))
        self.post_message(OpenStudent(household[(here + 1) % len(household)][1], replace=True))
