"""The secretary's dialogs on a child's account: deposit, block, replace, cap, statement.

Each validates as the user types and dismisses with a typed result (screens/dialog.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from office_app.desk.fields import (
    FieldProblem,
    check_amount,
    check_cap,
    check_card_number,
    check_date,
)
from office_app.desk.periods import default_period, last_month, school_year, this_month
from office_app.desk.wording import amount_text, day_text
from office_app.domain.cards import BLOCK_REASONS
from office_app.i18n import money, tr
from screens.dialog import Dialog

if TYPE_CHECKING:
    from office_app.desk.queries import StudentRow


class DepositDialog(Dialog[int]):
    """A cash deposit: the amount; the office numbers the receipt, so no two share a number."""

    def __init__(self, student: StudentRow, receipt_no: str, max_deposit_ore: int) -> None:
        super().__init__(tr("deposit.title"), student)
        self.receipt_no = receipt_no
        self.max_deposit_ore = max_deposit_ore

    def compose_fields(self) -> ComposeResult:
        yield Label(tr("deposit.amount"))
        yield Input(placeholder=tr("deposit.amount_hint"), id="amount")
        yield Static(tr("deposit.receipt_next", receipt=self.receipt_no), id="receipt")

    def on_mount(self) -> None:
        self.query_one("#amount", Input).focus()

    def result(self) -> int:
        return check_amount(
            self.query_one("#amount", Input).value,
            "deposit.amount",
            max_ore=self.max_deposit_ore,
        )

    def summary(self, result: int) -> str:
        assert self.student is not None
        return tr(
            "deposit.preview",
            amount=money(result),
            balance=money(self.student.balance_ore + result),
        )


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
        yield Input(id="new-card", classes="card-number")
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
        yield Input("" if current is None else amount_text(current), id="cap")

    def on_mount(self) -> None:
        self.query_one("#cap", Input).focus()

    def result(self) -> CapChoice:
        return CapChoice(check_cap(self.query_one("#cap", Input).value))


class StatementDialog(Dialog[tuple[dt.date, dt.date]]):
    """A statement's period: a shortcut (this month, last month, this school year) or any two
    dates. The default is this month so far, or last month on a month's first days."""

    BINDINGS = [
        Binding("ctrl+t", "period('this_month')", "statement.this_month"),
        Binding("ctrl+b", "period('last_month')", "statement.last_month"),
        Binding("ctrl+y", "period('school_year')", "statement.school_year"),
        Binding("ctrl+o", "custom", "statement.custom"),
    ]
    DEFAULT_CSS = """
    StatementDialog #periods { layout: grid; grid-size: 2; grid-rows: 1; grid-gutter: 0 1;
                               height: auto; margin-top: 1; }
    StatementDialog #periods Button { width: 100%; margin: 0; }
    """

    def __init__(self, student: StudentRow | None, today: dt.date, title: str = "") -> None:
        super().__init__(title or tr("statement.title"), student)
        self.today = today

    def compose_fields(self) -> ComposeResult:
        first, last = default_period(self.today)
        yield Label(tr("statement.from"))
        yield Input(day_text(first), id="from")
        yield Label(tr("statement.to"))
        yield Input(day_text(last), id="to")
        with Grid(id="periods"):
            for shortcut, key in PERIOD_KEYS:
                label = tr("statement.key", keys=key, what=tr(f"statement.{shortcut}"))
                yield Button(label, id=shortcut.replace("_", "-"), compact=True)

    def on_mount(self) -> None:
        self.query_one("#from", Input).focus()

    @on(Button.Pressed, "#periods Button")
    def _shortcut(self, event: Button.Pressed) -> None:
        event.stop()
        chosen = (event.button.id or "").replace("-", "_")
        if chosen == "custom":
            self.action_custom()
        else:
            self.action_period(chosen)

    def action_period(self, shortcut: str) -> None:
        """Fill in the period a shortcut names."""
        first, last = PERIODS[shortcut](self.today)
        self.query_one("#from", Input).value = day_text(first)
        self.query_one("#to", Input).value = day_text(last)
        self.query_one("#from", Input).focus()

    def action_custom(self) -> None:
        """Any two dates: the From field, ready to be typed over."""
        start = self.query_one("#from", Input)
        start.focus()
        start.select_all()

    def result(self) -> tuple[dt.date, dt.date]:
        start = check_date(self.query_one("#from", Input).value, "statement.from")
        end = check_date(self.query_one("#to", Input).value, "statement.to")
        if end < start:
            raise FieldProblem(tr("statement.order"))
        return start, end


#: The statement dialog's period shortcuts and the keys written on their buttons.
PERIODS: dict[str, Callable[[dt.date], tuple[dt.date, dt.date]]] = {
    "this_month": this_month,
    "last_month": last_month,
    "school_year": school_year,
}
PERIOD_KEYS = (
    ("this_month", "Ctrl-T"),
    ("last_month", "Ctrl-B"),
    ("school_year", "Ctrl-Y"),
    ("custom", "Ctrl-O"),
)
