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
from office_app.desk.requests import RequestReversal
from office_app.desk.wording import txn_text
from office_app.i18n import tr
from screens.base import OfficeScreen
from screens.dialogs import Dialog

if TYPE_CHECKING:
    from office_app.desk.approvals import ReversibleTxn
    from office_app.desk.queries import StudentRow


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


def open_reversal(screen: OfficeScreen, student: StudentRow) -> None:
    """The child's reversible transactions, read in a worker, then the reversal dialog."""

    def load() -> None:
        from office_app.desk.approvals import reversible_transactions

        backend = screen.office.backend
        if backend is None:
            return
        transactions = reversible_transactions(backend.engine, student.student_id)
        if not transactions:
            screen.app.call_from_thread(
                screen.notify, tr("reversal.none", name=student.name), severity="warning"
            )
            return
        screen.app.call_from_thread(
            screen.app.push_screen, ReversalDialog(student, transactions), chosen
        )

    def chosen(result: tuple[ReversibleTxn, str] | None) -> None:
        if result is not None:
            screen.submit(RequestReversal(*result))

    screen.run_worker(load, thread=True, group="reversal", exit_on_error=False)
