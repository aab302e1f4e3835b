"""The payout dialog ("udbetal"): to whom, which account (typed twice), how much."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Input, Label

from office_app.desk.fields import PayoutForm, check_payout
from office_app.desk.requests import RequestPayout
from office_app.domain.money import format_amount
from office_app.i18n import money, tr
from screens.base import OfficeScreen
from screens.dialogs import Dialog

if TYPE_CHECKING:
    from office_app.desk.queries import StudentRow


class PayoutDialog(Dialog[PayoutForm]):
    """The whole balance is proposed; above the school's threshold a second person approves."""

    def __init__(self, student: StudentRow, threshold_ore: int) -> None:
        super().__init__(tr("payout.title"), student)
        self.threshold_ore = threshold_ore

    def compose_fields(self) -> ComposeResult:
        assert self.student is not None
        for field_id, label in (
            ("holder", "payout.holder"),
            ("reg-no", "payout.reg_no"),
            ("account-no", "payout.account_no"),
            ("account-no-again", "payout.account_no_again"),
            ("message", "payout.message"),
        ):
            yield Label(tr(label))
            yield Input(id=field_id)
        yield Label(tr("payout.amount"))
        yield Input(format_amount(max(self.student.balance_ore, 0)), id="amount")

    def on_mount(self) -> None:
        self.query_one("#holder", Input).focus()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def result(self) -> PayoutForm:
        assert self.student is not None
        return check_payout(
            holder_name=self._value("holder"),
            reg_no=self._value("reg-no"),
            account_no=self._value("account-no"),
            account_no_again=self._value("account-no-again"),
            message=self._value("message"),
            amount=self._value("amount"),
            balance_ore=self.student.balance_ore,
        )

    def summary(self, result: PayoutForm) -> str:
        assert self.student is not None
        text = tr(
            "payout.preview",
            amount=money(result.amount_ore),
            reg_no=result.reg_no,
            account_no=result.account_no,
            balance=money(self.student.balance_ore - result.amount_ore),
        )
        if result.amount_ore > self.threshold_ore:
            text += tr("payout.needs_approval", threshold=money(self.threshold_ore))
        return text


def open_payout(screen: OfficeScreen, student: StudentRow) -> None:
    """Read the school's approval threshold in a worker, then ask for the payout."""

    def load() -> None:
        from office_app.desk.approvals import payout_threshold_ore

        backend = screen.office.backend
        if backend is not None:
            threshold = payout_threshold_ore(backend.engine)
            screen.app.call_from_thread(
                screen.app.push_screen, PayoutDialog(student, threshold), chosen
            )

    def chosen(form: PayoutForm | None) -> None:
        if form is not None:
            screen.submit(RequestPayout(student, form))

    screen.run_worker(load, thread=True, group="payout", exit_on_error=False)
