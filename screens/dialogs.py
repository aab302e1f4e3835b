"""The office's dialogs: each validates as the user types and dismisses with a typed result.

Escape cancels (result None). Enter in the last field submits when everything is valid;
otherwise the first problem is shown, naming the field and the rule.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from office_app.desk.fields import (
    FieldProblem,
    check_amount,
    check_cap,
    check_card_number,
    check_date,
)
from office_app.domain.cards import BLOCK_REASONS
from office_app.domain.localtime import month_to_date
from office_app.domain.money import format_amount
from office_app.i18n import money, tr
from screens.base import translate_bindings

if TYPE_CHECKING:
    from office_app.desk.queries import StudentRow

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType | None], Generic[ResultType]):
    """A titled box for one child, with a problem line and OK / Cancel."""

    BINDINGS = [Binding("escape", "cancel", "dialog.cancel")]
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 72; height: auto; border: thick $primary; padding: 1 2;
                        background: $surface; }
    Dialog .dialog-title { text-style: bold; }
    Dialog .dialog-for { color: $text-muted; margin-bottom: 1; }
    Dialog .problem { color: $error; height: auto; }
    Dialog .summary { color: $success; height: auto; }
    Dialog Horizontal { height: auto; margin-top: 1; }
    Dialog Button { margin-right: 2; }
    """

    def __init__(self, title: str, student: StudentRow | None) -> None:
        super().__init__()
        translate_bindings(self)
        self.dialog_title = title
        self.student = student

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.dialog_title, classes="dialog-title")
            if self.student is not None:
                student = self.student
                who = tr("dialog.for", name=student.name, label=student.class_label)
                yield Static(who, classes="dialog-for")
            yield from self.compose_fields()
            yield Static("", id="summary", classes="summary")
            yield Static("", id="problem", classes="problem")
            with Horizontal():
                yield Button(tr("dialog.ok"), id="ok", variant="primary")
                yield Button(tr("dialog.cancel"), id="cancel")

    def compose_fields(self) -> ComposeResult:
        yield from ()

    @abstractmethod
    def result(self) -> ResultType:
        """The dialog's result, or FieldProblem naming the field and the rule."""

    def summary(self, result: ResultType) -> str:  # noqa: ARG002 - a dialog may say nothing
        """A line under the fields while they are filled in (e.g. the new balance); none here."""
        return ""

    def on_input_changed(self) -> None:
        self.validate()

    def validate(self) -> ResultType | None:
        problem, summary = "", ""
        value: ResultType | None = None
        try:
            value = self.result()
            summary = self.summary(value)
        except FieldProblem as error:
            problem = str(error)
        self.query_one("#problem", Static).update(problem)
        self.query_one("#summary", Static).update(summary)
        return value

    def submit(self) -> None:
        try:
            value = self.result()
        except FieldProblem as error:
            self.query_one("#problem", Static).update(tr("dialog.fix_first", message=error))
            return
        self.dismiss(value)

    #: Enter in any field submits (when the other fields come filled in).
    ENTER_SUBMITS = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field, and submits from the last one."""
        enabled = [field for field in self.query(Input).results() if not field.disabled]
        if not self.ENTER_SUBMITS and event.input is not enabled[-1]:
            enabled[enabled.index(event.input) + 1].focus()
            return
        self.submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class DepositDialog(Dialog[tuple[int, str]]):
    """A cash deposit: the amount, and a receipt number proposed by the office."""

    ENTER_SUBMITS = True  # the receipt number is proposed: Enter after the amount is enough

    def __init__(self, student: StudentRow, receipt_no: str, max_deposit_ore: int) -> None:
        super().__init__(tr("deposit.title"), student)
        self.receipt_no = receipt_no
        self.max_deposit_ore = max_deposit_ore

    def compose_fields(self) -> ComposeResult:
        yield Label(tr("deposit.amount"))
        yield Input(placeholder=tr("deposit.amount_hint"), id="amount")
        yield Label(tr("deposit.receipt"))
        yield Input(self.receipt_no, id="receipt")

    def on_mount(self) -> None:
        self.query_one("#amount", Input).focus()

    def result(self) -> tuple[int, str]:
        amount = check_amount(
            self.query_one("#amount", Input).value,
            "deposit.amount",
            max_ore=self.max_deposit_ore,
        )
        receipt = self.query_one("#receipt", Input).value.strip()
        if not receipt:
            raise FieldProblem(tr("deposit.receipt_empty"))
        return amount, receipt

    def summary(self, result: tuple[int, str]) -> str:
        assert self.student is not None
        return tr("deposit.preview", balance=money(self.student.balance_ore + result[0]))


class BlockDialog(Dialog[str]):
    """Block a card: pick the reason with the arrow keys and Enter."""

    def __init__(self, student: StudentRow, card_number: str) -> None:
        super().__init__(tr("block.title"), student)
        self.card_number = card_number

    def compose_fields(self) -> ComposeResult:
        yield Label(tr("block.card", number=self.card_number))
        yield Label(tr("block.reason"))
        yield OptionList(
            *(Option(tr(f"block.reason.{reason}"), id=reason) for reason in BLOCK_REASONS),
            id="reason",
        )

    def on_mount(self) -> None:
        reasons = self.query_one("#reason", OptionList)
        reasons.highlighted = 0
        reasons.focus()

    @on(OptionList.OptionSelected, "#reason")
    def _chosen(self) -> None:
        self.submit()

    def result(self) -> str:
        reasons = self.query_one("#reason", OptionList)
        index = reasons.highlighted
        if index is None:
            raise FieldProblem(f"{tr('block.reason')}: {', '.join(BLOCK_REASONS)}")
        return BLOCK_REASONS[index]


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; No has the focus, so a stray Enter does nothing dangerous."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "dialog.no"),
        Binding("y,j", "answer(True)", "dialog.yes"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 64; height: auto; border: thick $warning; padding: 1 2;
                               background: $surface; }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.question)
            with Horizontal():
                yield Button(tr("dialog.yes"), id="yes", variant="warning")
                yield Button(tr("dialog.no"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ReplaceDialog(Dialog[tuple[str, str | None]]):
    """A new card for a lost or broken one: scan it, then charge the fee or waive it."""

    def __init__(
        self,
        student: StudentRow,
        old_card_number: str,
        fee_ore: int,
        owner_of: Callable[[str], str | None],
    ) -> None:
        super().__init__(tr("replace.title"), student)
        self.old_card_number = old_card_number
        self.fee_ore = fee_ore
        self.owner_of = owner_of

    def compose_fields(self) -> ComposeResult:
        yield Label(tr("replace.old", number=self.old_card_number))
        yield Label(tr("replace.new"))
        yield Input(id="new-card")
        yield Label(tr("replace.fee", fee=money(self.fee_ore)))
        yield Checkbox(tr("replace.waive"), id="waive")
        yield Input(placeholder=tr("replace.waive_reason"), id="waive-reason", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#new-card", Input).focus()

    @on(Checkbox.Changed, "#waive")
    def _waive(self, event: Checkbox.Changed) -> None:
        self.query_one("#waive-reason", Input).disabled = not event.value
        self.validate()

    def result(self) -> tuple[str, str | None]:
        assert self.student is not None
        number = check_card_number(self.query_one("#new-card", Input).value, "replace.new")
        if number == self.old_card_number:
            raise FieldProblem(tr("replace.same"))
        owner = self.owner_of(number)
        if owner is not None:
            raise FieldProblem(tr("replace.taken", number=number, name=owner))
        if not self.query_one("#waive", Checkbox).value:
            if self.fee_ore > self.student.balance_ore:
                raise FieldProblem(tr("replace.short", balance=money(self.student.balance_ore)))
            return number, None
        reason = self.query_one("#waive-reason", Input).value.strip()
        if not reason:
            raise FieldProblem(tr("replace.waive_reason_empty"))
        return number, reason

    def summary(self, result: tuple[str, str | None]) -> str:
        fee = (
            tr("replace.done_waived")
            if result[1]
            else tr("replace.done_fee", fee=money(self.fee_ore))
        )
        return tr("replace.done", old=self.old_card_number, new=result[0], fee=fee)


@dataclass(frozen=True)
class CapChoice:
    daily_cap_ore: int | None


class CapDialog(Dialog[CapChoice]):
    """Set the most a child may spend a day, or clear it with an empty field."""

    def __init__(self, student: StudentRow) -> None:
        super().__init__(tr("cap.title"), student)

    def compose_fields(self) -> ComposeResult:
        assert self.student is not None
        current = self.student.daily_cap_ore
        yield Label(tr("cap.amount"))
        yield Input("" if current is None else format_amount(current), id="cap")

    def on_mount(self) -> None:
        self.query_one("#cap", Input).focus()

    def result(self) -> CapChoice:
        return CapChoice(check_cap(self.query_one("#cap", Input).value))


class StatementDialog(Dialog[tuple[dt.date, dt.date]]):
    """A statement's period: from the first of this month to today unless changed."""

    def __init__(self, student: StudentRow, today: dt.date) -> None:
        super().__init__(tr("statement.title"), student)
        self.today = today

    def compose_fields(self) -> ComposeResult:
        first, last = month_to_date(self.today)
        yield Label(tr("statement.from"))
        yield Input(first.isoformat(), id="from")
        yield Label(tr("statement.to"))
        yield Input(last.isoformat(), id="to")

    def on_mount(self) -> None:
        self.query_one("#from", Input).focus()

    def result(self) -> tuple[dt.date, dt.date]:
        start = check_date(self.query_one("#from", Input).value, "statement.from")
        end = check_date(self.query_one("#to", Input).value, "statement.to")
        if end < start:
            raise FieldProblem(tr("statement.order"))
        return start, end
