"""One child's account: balance and what waits to be synced, cards, cap, the top-up agreement,
guardians, siblings with their balances, and recent activity."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static
from typing_extensions import override

from office_app.desk.people_words import agreement_lines, guardian_lines, sibling_line
from office_app.desk.requests import (
    BlockCard,
    CancelAgreement,
    Deposit,
    PrintStatement,
    ReactivateCard,
    ReplaceCard,
    SetCap,
)
from office_app.desk.wording import (
    activity_text,
    cap,
    card_state,
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
    DepositDialog,
    ReplaceDialog,
    StatementDialog,
)
from screens.household import HouseholdScreen
from screens.messages import OpenScreen, OpenStudent
from screens.payout import open_payout
from screens.reversal import open_reversal
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.queries import AccountView, SchoolFacts


class AccountScreen(OfficeScreen):
    """One child's account. Letters typed here go to the search; actions have function keys
    and Ctrl-keys, and each one asks in a dialog before anything changes."""

    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("f3", "deposit", "action.deposit"),
        Binding("f4", "toggle_card", "action.toggle_card"),
        Binding("ctrl+k", "statement", "action.statement"),
        Binding("ctrl+d", "cap", "action.cap"),
        Binding("ctrl+n", "replace", "action.replace"),
        Binding("ctrl+f", "sibling", "action.sibling"),
        Binding("ctrl+u", "payout", "action.payout"),
        Binding("ctrl+t", "reversal", "action.reversal"),
        Binding("ctrl+a", "cancel_agreement", "action.cancel_agreement"),
        Binding("ctrl+o", "household", "action.household"),
    ]
    DEFAULT_CSS = """
    #account-body { height: 1fr; }
    #account-head { height: auto; padding: 1 2 0 2; }
    #student-name { text-style: bold; }
    #student-class.-left { color: $error; text-style: bold; }
    #figures { height: auto; padding: 0 2; }
    #figures > Vertical { width: 1fr; height: auto; padding-right: 1; }
    .figure-label { color: $text-muted; }
    #balance { text-style: bold; }
    #pending { color: $warning; }
    #activity { height: 1fr; min-height: 7; margin: 1 1 0 1; }
    """

    def __init__(self, student_id: uuid.UUID) -> None:
        super().__init__()
        self.student_id = student_id
        self.view: AccountView | None = None
        self.facts: SchoolFacts | None = None
        self.receipt_no = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        with VerticalScroll(id="account-body"):
            with Vertical(id="account-head"):
                yield Static("", id="student-name")
                yield Static("", id="student-class")
            with Horizontal(id="figures"):
                with Vertical():
                    yield Static(tr("account.balance"), classes="figure-label")
                    yield Static("", id="balance")
                    yield Static(tr("account.pending"), classes="figure-label")
                    yield Static("", id="pending")
                    yield Static(tr("account.cap"), classes="figure-label")
                    yield Static("", id="cap")
                with Vertical():
                    yield Static(tr("account.cards"), classes="figure-label")
                    yield Static("", id="cards")
                    yield Static(tr("account.agreement"), classes="figure-label")
                    yield Static("", id="agreement")
                with Vertical():
                    yield Static(tr("account.guardians"), classes="figure-label")
                    yield Static("", id="guardians")
                    yield Static(tr("account.siblings"), classes="figure-label")
                    yield Static("", id="siblings")
            yield OfficeTable(id="activity", cursor_type="row", zebra_stripes=True)

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
        head = (
            tr("account.class_ref", label=student.class_label, ref=student.external_ref)
            if student.external_ref
            else tr("account.class", label=student.class_label)
        )
        if student.status == "left":
            head += f" · {tr('account.left_mark')}"
        head_line = self.query_one("#student-class", Static)
        head_line.update(head)
        head_line.set_class(student.status == "left", "-left")
        self.query_one("#balance", Static).update(money(student.balance_ore))
        waiting = "; ".join(command_text(c.type, c.payload) for c in view.pending)
        pending = (
            f"{signed(view.pending_ore)} ({waiting})"
            if view.pending
            else tr("account.pending_none")
        )
        self.query_one("#pending", Static).update(pending)
        online = self.office.sync_view.online is True
        cards = [
            f"{c.card_number} {card_state(c, view.pending, online=online)}" for c in view.cards
        ]
        self.query_one("#cards", Static).update("\n".join(cards) or tr("card.none"))
        self.query_one("#cap", Static).update(
            f"{cap(student.daily_cap_ore)} · {tr('account.spent_today')}: "
            f"{money(view.spent_today_ore)}"
        )
        self.query_one("#agreement", Static).update("\n".join(agreement_lines(view.agreement)))
        self.query_one("#guardians", Static).update("\n".join(guardian_lines(view.guardians)))
        siblings = [sibling_line(child) for child in view.siblings]
        self.query_one("#siblings", Static).update(
            "\n".join(siblings) if siblings else tr("account.no_siblings")
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

        def deposit(amount_ore: int | None) -> None:
            if amount_ore is not None:
                self.submit(Deposit(student, amount_ore))

        self.app.push_screen(
            DepositDialog(student, self.receipt_no, self.facts.max_deposit_ore), deposit
        )

    def action_toggle_card(self) -> None:
        """One key blocks the child's card, or reactivates a blocked one."""
        if self.view is None:
            return
        student = self.view.student
        active, blocked = self._card("active"), self._card("blocked")
        if active is not None:

            def block(reason: str | None) -> None:
                if reason is not None:
                    self.submit(BlockCard(active, reason))

            self.app.push_screen(BlockDialog(student, active), block)
        elif blocked is not None:
            self.confirm(
                tr("reactivate.title"),
                tr("reactivate.question", number=blocked, name=student.name),
                tr("reactivate.yes"),
                ReactivateCard(blocked),
            )
        else:
            self.notify(tr("block.no_card", name=student.name), severity="warning")

    def action_replace(self) -> None:
        if self.view is None or self.facts is None:
            return
        student = self.view.student
        old = self._card("active") or self._card("blocked")
        if old is None:
            self.notify(tr("replace.no_card", name=student.name), severity="warning")
            return
        fee = self.facts.replacement_fee_ore

        def replace(result: tuple[str, str | None] | None) -> None:
            if result is None:
                return
            new, waiver = result
            if waiver is None:
                what = tr(
                    "replace.confirm_fee",
                    old=old,
                    new=new,
                    fee=money(fee),
                    name=student.name,
                    balance=money(student.balance_ore - fee),
                )
            else:
                what = tr("replace.confirm_waived", old=old, new=new, reason=waiver)
            self.confirm(
                tr("replace.title"), what, tr("replace.yes"), ReplaceCard(old, new, fee, waiver)
            )

        self.app.push_screen(ReplaceDialog(student, old, fee, self.office.card_owner_name), replace)

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

    def action_cancel_agreement(self) -> None:
        """Stop the automatic top-up for a parent, after saying exactly what happens."""
        if self.view is None:
            return
        student, agreement = self.view.student, self.view.agreement
        if agreement is None or agreement.status == "cancelled":
            self.notify(tr("agreement.cancel_none", name=student.name), severity="warning")
            return
        question = tr(
            "agreement.cancel_question",
            name=student.name,
            amount=money(agreement.amount_ore),
            balance=money(student.balance_ore),
        )
        self.confirm(
            tr("agreement.cancel_title"),
            question,
            tr("agreement.cancel_yes"),
            CancelAgreement(student),
        )

    def action_household(self) -> None:
        if self.view is not None:
            self.post_message(OpenScreen(HouseholdScreen(self.view.student.student_id)))

    def action_sibling(self) -> None:
        """The next child of the household, in name order, round to the first again."""
        if self.view is None or not self.view.siblings:
            return
        student = self.view.student
        household = sorted(
            [(child.name, child.student_id) for child in self.view.siblings]
            + [(student.name, student.student_id)]
        )
        here = household.index((student.name, student.student_id))
        self.post_message(OpenStudent(household[(here + 1) % len(household)][1], replace=True))
