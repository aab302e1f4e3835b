"""The administrator's actions of the office app: what a screen asks for, run in workers.

Mixed into the app so the screens call ``self.office.submit_payout(...)`` and so on, like the
secretary's actions; each action ends with the app's ``ActionFinished`` message in words.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, cast

from office_app.i18n import money, tr
from screens.day_end import DayEndDialog
from screens.dialogs import ConfirmDialog
from screens.payout import PayoutDialog
from screens.reversal import ReversalDialog, txn_text

if TYPE_CHECKING:
    import uuid

    from office_app.app import OfficeApp
    from office_app.desk.actions import Desk
    from office_app.desk.approvals import ApprovalLine, ReversibleTxn
    from office_app.desk.bank_file import BankFilePlan
    from office_app.desk.fields import DayEndCount, PayoutForm
    from office_app.desk.leavers import LeaverLine
    from office_app.desk.queries import StudentRow
    from office_app.desk.roster import RosterPlan


class AdminActions:
    def _app(self) -> OfficeApp:
        return cast("OfficeApp", self)

    def _in_worker(self, run: Callable[[], None]) -> None:
        self._app().run_worker(run, thread=True, group="admin", exit_on_error=False)

    def open_payout(self, student: StudentRow) -> None:
        """Read the school's approval threshold, then show the payout dialog."""
        app = self._app()

        def load() -> None:
            from office_app.desk.approvals import payout_threshold_ore

            if app.backend is None:
                return
            threshold = payout_threshold_ore(app.backend.engine)
            app.call_from_thread(app.push_screen, PayoutDialog(student, threshold), chosen)

        def chosen(form: PayoutForm | None) -> None:
            if form is not None:
                self.submit_payout(student, form)

        self._in_worker(load)

    def submit_payout(self, student: StudentRow, form: PayoutForm) -> None:
        def run(desk: Desk) -> str:
            from office_app.desk.approvals import request_payout

            request_payout(desk, student.student_id, form)
            return tr("payout.done", amount=money(form.amount_ore), name=student.name)

        self._app()._act(run)

    def open_reversal(self, student: StudentRow) -> None:
        """The child's reversible transactions, then the reversal dialog."""
        app = self._app()

        def load() -> None:
            from office_app.desk.approvals import reversible_transactions

            if app.backend is None:
                return
            transactions = reversible_transactions(app.backend.engine, student.student_id)
            if not transactions:
                app.call_from_thread(
                    app.notify, tr("reversal.none", name=student.name), severity="warning"
                )
                return
            app.call_from_thread(app.push_screen, ReversalDialog(student, transactions), chosen)

        def chosen(result: tuple[ReversibleTxn, str] | None) -> None:
            if result is not None:
                self.submit_reversal(*result)

        self._in_worker(load)

    def submit_reversal(self, txn: ReversibleTxn, reason: str) -> None:
        def run(desk: Desk) -> str:
            from office_app.desk.approvals import request_reversal

            request_reversal(desk, txn.txn_id, reason)
            return tr("reversal.done", what=txn_text(txn))

        self._app()._act(run)

    def submit_decision(self, line: ApprovalLine, *, approve: bool, reason: str = "") -> None:
        def run(desk: Desk) -> str:
            from office_app.desk.approvals import decide, describe

            decide(desk, line, approve, reason)
            key = "approvals.approved" if approve else "approvals.rejected"
            return tr(key, what=describe(line))

        self._app()._act(run)

    def open_bank_file(self) -> None:
        """What the next bank file would hold; asks before writing it, saying how much."""
        app = self._app()

        def load() -> None:
            from office_app.desk.bank_file import plan_bank_file

            if app.backend is None:
                return
            plan = plan_bank_file(app.backend.engine, app.clock())
            if plan.problem:
                app.call_from_thread(app.notify, plan.problem, severity="warning", timeout=10)
                return

            def answered(yes: bool | None) -> None:
                if yes:
                    self.submit_bank_file(plan)
                else:
                    app.notify(tr("bankfile.cancelled"))

            dialog = ConfirmDialog(tr("bankfile.confirm_button"), plan.confirmation())
            app.call_from_thread(app.push_screen, dialog, answered)

        self._in_worker(load)

    def submit_bank_file(self, plan: BankFilePlan) -> None:
        app = self._app()
        folder = app.settings.data_dir / "bank"

        def run(desk: Desk) -> str:
            from office_app.desk.bank_file import describe_outcome, make_bank_file
            from office_app.sync.run import SyncError

            backend = app.backend
            assert backend is not None

            def sync() -> None:
                with suppress(SyncError):
                    backend.sync_round()

            with backend.syncing:
                outcomes = make_bank_file(desk, folder, plan, sync)
            said = [describe_outcome(outcome) for outcome in outcomes]
            if plan.left_for_next:
                said.append(tr("bankfile.more", count=plan.left_for_next))
            return " ".join(said)

        app._act(run)

    def open_day_end(self) -> None:
        """Today's drawer, then the day-end dialog."""
        app = self._app()

        def load() -> None:
            from office_app.desk.day_end import drawer_day

            if app.backend is None:
                return
            clock = app.desk.clock if app.desk is not None else app.clock
            drawer = drawer_day(app.backend.engine, clock())
            counter = app.staff.username if app.staff is not None else ""
            app.call_from_thread(app.push_screen, DayEndDialog(drawer, counter), chosen)

        def chosen(result: DayEndCount | None) -> None:
            if result is not None:
                self.submit_day_end(result)

        self._in_worker(load)

    def submit_day_end(self, count: DayEndCount) -> None:
        app = self._app()

        def run(desk: Desk) -> str:
            from office_app.desk.day_end import close_day

            closed, printed = close_day(
                desk,
                count.counted_ore,
                count.reason,
                data_dir=app.settings.data_dir,
                printer=app.settings.printer,
                opening_float_ore=count.opening_float_ore,
                checked_by=count.checked_by,
            )
            return tr(
                "dayend.done",
                counted=money(closed.counted_ore),
                difference=money(closed.difference_ore),
                printed=printed.message,
            )

        app._act(run)

    def submit_move(
        self, leaver: LeaverLine, sibling_id: uuid.UUID, amount_ore: int, consent: str
    ) -> None:
        def run(desk: Desk) -> str:
            from office_app.desk.leavers import move_to_sibling

            move_to_sibling(desk, leaver, sibling_id, amount_ore, consent)
            sibling = next(name for sid, name, _ in leaver.siblings if sid == sibling_id)
            return tr("leavers.moved", amount=money(amount_ore), name=leaver.name, sibling=sibling)

        self._app()._act(run)

    def submit_keep(self, leaver: LeaverLine, reason: str) -> None:
        def run(desk: Desk) -> str:
            from office_app.desk.leavers import keep

            keep(desk, leaver, reason)
            return tr("leavers.kept_done", name=leaver.name)

        self._app()._act(run)

    def submit_roster(self, roster_plan: RosterPlan, left_out: int | None = None) -> None:
        def run(desk: Desk) -> str:
            from office_app.desk.roster import apply

            count = apply(
                desk.engine,
                desk.school_id,
                desk.device_id,
                roster_plan,
                staff=desk.staff,
                now=desk.clock(),
                left_out=left_out,
            )
            return tr("roster.queued", count=count)

        self._app()._act(run)
