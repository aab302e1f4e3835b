"""The reversal dialog: pick one of the child's transactions and say why it is reversed.

The request waits for a second staff member on the approvals screen; the ledger applies the
mirror transaction only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from office_app.desk.fields import FieldProblem
from office_app.i18n import TEXTS, tr
from screens.dialogs import Dialog
from screens.format import local_time, signed

if TYPE_CHECKING:
    from office_app.desk.approvals import ReversibleTxn
    from office_app.desk.queries import StudentRow


def txn_text(txn: ReversibleTxn) -> str:
    kind = tr(f"kind.{txn.kind}") if f"kind.{txn.kind}" in TEXTS else txn.kind
    return f"{local_time(txn.posted_at)}  {kind}  {signed(txn.amount_ore)}"


class ReversalDialog(Dialog[tuple["ReversibleTxn", str]]):
    def __init__(self, student: StudentRow, transactions: list[ReversibleTxn]) -> None:
        super().__init__(tr("reversal.title"), student)
        self.transactions = transactions

    def compose_fields(self) -> ComposeResult:
        yield Label(tr("reversal.pick"))
        yield OptionList(
            *(Option(txn_text(txn), id=str(txn.txn_id)) for txn in self.transactions),
            id="transactions",
        )
        yield Label(tr("reversal.reason"))
        yield Input(id="reason")

    def on_mount(self) -> None:
        options = self.query_one("#transactions", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#transactions")
    def _chosen(self) -> None:
        self.query_one("#reason", Input).focus()
        self.validate()

    @on(OptionList.OptionHighlighted, "#transactions")
    def _highlighted(self) -> None:
        self.validate()

    def result(self) -> tuple[ReversibleTxn, str]:
        index = self.query_one("#transactions", OptionList).highlighted
        if index is None:
            raise FieldProblem(tr("reversal.pick_first"))
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            raise FieldProblem(tr("approvals.reason_empty"))
        return self.transactions[index], reason

    def summary(self, result: tuple[ReversibleTxn, str]) -> str:
        return txn_text(result[0])


class ReasonDialog(Dialog[str]):
    """A reason, e.g. for rejecting a payout or a reversal."""

    def __init__(self, title: str, what: str) -> None:
        super().__init__(title, None)
        self.what = what

    def compose_fields(self) -> ComposeResult:
        yield Label(self.what)
        yield Label(tr("approvals.reason"))
        yield Input(id="reason")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def result(self) -> str:
        reason = " ".join(self.query_one("#reason", Input).value.split())
        if not reason:
            raise FieldProblem(tr("approvals.reason_empty"))
        return reason
