"""The office's Textual application: routes messages between screens and workers.

Only Textual and the light parts of the office load at start; the replica, the ledger client
and SQLAlchemy load in a worker while the first screen is already usable.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import threading
import traceback
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker
from typing_extensions import override

from office_app.config import Settings
from office_app.domain.localtime import LOCAL, Clock
from office_app.i18n import language, money, set_language, tr
from screens.account import AccountScreen
from screens.admin_actions import AdminActions
from screens.approvals import ApprovalsScreen
from screens.audit import AuditScreen
from screens.base import translate_bindings
from screens.leavers import LeaversScreen
from screens.login import LoginScreen
from screens.messages import (
    ActionFinished,
    BackendReady,
    OpenStudent,
    StaffSignedIn,
    SyncFinished,
    SyncProgressed,
    SyncView,
)
from screens.password import ChangePasswordDialog
from screens.roster import RosterScreen
from screens.search import SearchScreen
from screens.sync import SyncScreen

if TYPE_CHECKING:
    from office_app.desk.actions import Desk
    from office_app.desk.backend import OfficeBackend
    from office_app.desk.queries import StudentRow
    from office_app.desk.search import SearchIndex
    from office_app.desk.session import SignedIn
    from office_app.reports.printing import PrintOutcome
    from office_app.sync.outbox import SyncStatus


#: Actions only an administrator sees.
ADMIN_ACTIONS = frozenset({"approvals", "audit", "day_end", "leavers", "roster"})


#: Younger collections between two full ones (Python's default is 10).
FULL_COLLECTION_EVERY = 100


class OfficeApp(AdminActions, App[None]):
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f2", "sync_screen", "action.sync"),
        Binding("f5", "sync_now", "sync.now"),
        Binding("f6", "approvals", "action.approvals"),
        Binding("f7", "audit", "action.audit"),
        Binding("f8", "day_end", "action.day_end"),
        Binding("f9", "leavers", "action.leavers"),
        Binding("f10", "roster", "action.roster"),
        Binding("f12", "change_password", "action.password", show=False),
        Binding("ctrl+p", "command_palette", "app.palette", show=False, priority=True),
    ]
    sync_view: reactive[SyncView] = reactive(SyncView)
    staff_name: reactive[str] = reactive("")

    def __init__(
        self,
        settings: Settings,
        *,
        demo_logins: str = "",
        sync_interval: float = 5.0,
        staff: SignedIn | None = None,
        clock: Clock,
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.title = tr("app.title")
        self.settings = settings
        self.demo_logins = demo_logins
        self.sync_interval = sync_interval
        self.staff = staff
        self.clock = clock
        self.backend: OfficeBackend | None = None
        self.index: SearchIndex | None = None
        self.desk: Desk | None = None
        self._wake = threading.Event()

    # Start and sync

    def on_mount(self) -> None:
        if self.staff is None:
            self.push_screen(LoginScreen(self.demo_logins))
        else:
            self.staff_name = self.staff.display_name
            self.push_screen(SearchScreen())
        # The first screen is drawn before the replica, SQLAlchemy and the ledger client load.
        self.call_after_refresh(self._open_backend)

    def on_unmount(self) -> None:
        self.workers.cancel_all()
        self._wake.set()

    @work(thread=True, exclusive=True, group="backend", exit_on_error=False)
    def _open_backend(self) -> None:
        from office_app.desk.backend import OfficeBackend
        from office_app.sync.run import SyncError
        from office_app.sync.sender import Backoff

        worker = get_current_worker()
        try:
            backend = OfficeBackend(self.settings, self.clock)
        except SyncError as error:
            self.post_message(SyncFinished(SyncView(online=None, problem=str(error)), None))
            return
        backoff = Backoff()
        while backend.needs_bootstrap() and not worker.is_cancelled:
            try:
                backend.bootstrap(self._bootstrap_progress)
            except SyncError as error:
                self.post_message(SyncFinished(SyncView(online=False, problem=str(error)), None))
                if not error.retry:
                    return
                self._wake.wait(backoff.next_pause())
                self._wake.clear()
        if worker.is_cancelled:
            backend.close()
            return
        self.post_message(BackendReady(backend, backend.build_index()))

    def _bootstrap_progress(self, _cursor: int, applied: int) -> None:
        self.post_message(SyncProgressed(SyncView(bootstrap_changes=applied)))

    @on(BackendReady)
    def _backend_ready(self, message: BackendReady) -> None:
        self.backend, self.index = message.backend, message.index
        # What is loaded now lives as long as the app: keep it out of the garbage collector's
        # full passes, and make those passes rarer; each one paused typing for tens of
        # milliseconds. The office's garbage is almost all freed by reference counting.
        gc.freeze()
        young, middle, _old = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
        if self.staff is not None:
            self._make_desk(self.staff.username)
        self._sync_loop()
        self._refresh_screen()

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync_loop(self) -> None:
        """Sync every interval until the app closes; back off while sync cannot run.

        A ledger that does not answer makes the office offline; a page the replica cannot
        apply is shown as a problem and tried again. Only a refused token stops the loop.
        """
        from sqlalchemy.exc import SQLAlchemyError

        from office_app.sync.replica import ReplicaError
        from office_app.sync.run import SyncError
        from office_app.sync.sender import Backoff

        backend = self.backend
        assert backend is not None
        worker = get_current_worker()
        backoff = Backoff()
        while not worker.is_cancelled:
            index, pulled = None, False
            try:
                done = backend.sync_round()
                view = self._view(done.status, online=True)
                backoff.reset()
                pause = self.sync_interval
                pulled = done.pulled
                if done.children_changed:
                    index = backend.build_index()
            except SyncError as error:
                view = self._view(backend.status(), online=False, problem=str(error))
                if not error.retry:
                    self.post_message(SyncFinished(view, None))
                    return
                pause = backoff.next_pause()
            except (SQLAlchemyError, ReplicaError) as error:
                reason = tr("sync.stopped", reason=str(error).splitlines()[0])
                view = self._view(backend.status(), online=True, problem=reason)
                pause = backoff.next_pause()
            self.post_message(SyncFinished(view, index, pulled=pulled))
            if not worker.is_cancelled:
                self._wake.wait(pause)
            self._wake.clear()
        backend.close()

    @staticmethod
    def _view(current: SyncStatus, *, online: bool, problem: str = "") -> SyncView:
        last = current.last_success_at
        return SyncView(
            online=online,
            waiting=current.waiting,
            needs_attention=current.needs_attention,
            last_success=last.astimezone(LOCAL).strftime("%H:%M:%S") if last else "",
            problem=problem,
        )

    @on(SyncProgressed)
    def _progressed(self, message: SyncProgressed) -> None:
        self.sync_view = message.view

    @on(SyncFinished)
    def _synced(self, message: SyncFinished) -> None:
        view, before = message.view, self.sync_view
        self.sync_view = view
        if view.problem and (view.problem != before.problem or view.online != before.online):
            text = (
                tr("sync.offline_reason", reason=view.problem)
                if view.online is False
                else view.problem
            )
            self.notify(text, severity="warning")
        if message.index is not None:
            self.index = message.index
        if message.pulled:
            self._refresh_screen()

    def _refresh_screen(self) -> None:
        """Every screen showing replica data, also under a dialog that is still closing."""
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.refresh_results()
            elif isinstance(screen, (AccountScreen, ApprovalsScreen, LeaversScreen)):
                screen.reload()

    @override
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sync keys belong to a signed-in office: hidden on the login screen."""
        signed_out = isinstance(self.screen, LoginScreen)
        if action in ADMIN_ACTIONS:
            return not signed_out and self.is_admin
        return not (signed_out and action in ("sync_screen", "sync_now", "change_password"))

    @property
    def is_admin(self) -> bool:
        return self.staff is not None and self.staff.role == "admin"

    def action_approvals(self) -> None:
        if self.is_admin and not isinstance(self.screen, (ApprovalsScreen, LoginScreen)):
            self.push_screen(ApprovalsScreen())

    def action_day_end(self) -> None:
        if self.is_admin and not isinstance(self.screen, LoginScreen):
            self.open_day_end()

    def action_leavers(self) -> None:
        if self.is_admin and not isinstance(self.screen, (LeaversScreen, LoginScreen)):
            self.push_screen(LeaversScreen())

    def action_roster(self) -> None:
        if self.is_admin and not isinstance(self.screen, (RosterScreen, LoginScreen)):
            self.push_screen(RosterScreen())

    def action_audit(self) -> None:
        if self.is_admin and not isinstance(self.screen, (AuditScreen, LoginScreen)):
            self.push_screen(AuditScreen())

    def action_sync_now(self) -> None:
        self._wake.set()

    def action_change_password(self) -> None:
        """The signed-in staff member's own password, in a dialog; a ledger command."""
        if self.staff is None or isinstance(self.screen, (LoginScreen, ChangePasswordDialog)):
            return

        def changed(given: tuple[str, str, str] | None) -> None:
            if given is None:
                return

            def run(desk: Desk) -> str:
                from office_app.desk.password import change_own_password

                change_own_password(desk, *given)
                return tr("password.done")

            self._act(run)

        self.push_screen(ChangePasswordDialog(self.staff.display_name), changed)

    def action_sync_screen(self) -> None:
        if not isinstance(self.screen, (SyncScreen, LoginScreen)):
            self.push_screen(SyncScreen())

    # Staff and navigation

    @on(StaffSignedIn)
    def _signed_in(self, message: StaffSignedIn) -> None:
        self.staff = message.staff
        self.staff_name = message.staff.display_name
        self._make_desk(message.staff.username)
        self.switch_screen(SearchScreen())

    @work(thread=True, exclusive=True, group="desk", exit_on_error=False)
    def _make_desk(self, username: str) -> None:
        assert self.backend is not None
        desk = self.backend.desk(username)
        self.call_from_thread(setattr, self, "desk", desk)

    @on(OpenStudent)
    def _open_student(self, message: OpenStudent) -> None:
        if message.replace and isinstance(self.screen, AccountScreen):
            self.switch_screen(AccountScreen(message.student_id))
        else:
            self.push_screen(AccountScreen(message.student_id))

    def card_owner_name(self, card_number: str) -> str | None:
        """The name of the child a card belongs to, from the search index."""
        if self.index is None:
            return None
        return self.index.name_for_card(card_number)

    # Actions: each runs in a worker and ends with a message saying what was done

    def submit_deposit(self, student: StudentRow, amount_ore: int, receipt_no: str) -> None:
        """Queue the deposit, then save (and print) its receipt for the parent."""

        def run(desk: Desk) -> str:
            queued = desk.deposit(student.student_id, amount_ore, receipt_no)
            done = tr(
                "deposit.done", amount=money(amount_ore), name=student.name, receipt=receipt_no
            )
            if student.status == "left":
                done += " " + tr("deposit.left", name=student.name)
            printed = self._save_and_print(
                lambda backend: backend.print_receipt(queued.command_id, language())
            )
            return f"{done} {printed}"

        self._act(run)

    def submit_statement(self, student: StudentRow, first: dt.date, last: dt.date) -> None:
        def run(_desk: Desk) -> str:
            return self._save_and_print(
                lambda backend: backend.print_statement(student.student_id, first, last, language())
            )

        self._act(run)

    def _save_and_print(self, make: Callable[[OfficeBackend], PrintOutcome]) -> str:
        """Save and print a document in a worker; what happened, in words."""
        from office_app.reports.printing import SaveError
        from office_app.reports.queries import ReportError

        assert self.backend is not None
        try:
            return make(self.backend).message
        except (SaveError, ReportError) as error:
            return str(error)

    def submit_block(self, card_number: str, reason: str) -> None:
        def run(desk: Desk) -> str:
            desk.block(card_number, reason)
            return tr("block.done", number=card_number, reason=tr(f"block.reason.{reason}").lower())

        self._act(run)

    def submit_reactivate(self, card_number: str) -> None:
        def run(desk: Desk) -> str:
            desk.reactivate(card_number)
            return tr("reactivate.done", number=card_number)

        self._act(run)

    def submit_replace(
        self, old_card_number: str, new_card_number: str, fee_ore: int, waiver: str | None
    ) -> None:
        def run(desk: Desk) -> str:
            desk.replace(old_card_number, new_card_number, fee_ore, waiver)
            fee = (
                tr("replace.done_waived") if waiver else tr("replace.done_fee", fee=money(fee_ore))
            )
            return tr("replace.done", old=old_card_number, new=new_card_number, fee=fee)

        self._act(run)

    def submit_cap(self, student: StudentRow, daily_cap_ore: int | None) -> None:
        def run(desk: Desk) -> str:
            desk.set_cap(student.student_id, daily_cap_ore)
            if daily_cap_ore is None:
                return tr("cap.cleared", name=student.name)
            return tr("cap.done", name=student.name, cap=money(daily_cap_ore))

        self._act(run)

    @work(thread=True, group="actions", exit_on_error=False)
    def _act(self, run: Callable[[Desk], str]) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from office_app.desk.fields import FieldProblem

        desk = self.desk
        try:
            if desk is None:
                raise FieldProblem(tr("login.no_staff"))
            message, failed = run(desk), False
        except FieldProblem as problem:
            message, failed = str(problem), True
        except (SQLAlchemyError, OSError, ValueError) as error:
            message, failed = tr("app.error", reason=str(error).splitlines()[0]), True
        self.post_message(ActionFinished(message, failed=failed))
        self._wake.set()

    @on(ActionFinished)
    def _action_finished(self, message: ActionFinished) -> None:
        self.notify(
            message.message, severity="error" if message.failed else "information", timeout=8
        )
        self._refresh_screen()

    def _fatal_error(self) -> None:
        """An error nobody foresaw: the details go to a crash log for support, the screen gets
        one sentence (Textual would print a traceback with local values, tokens included).
        The log is readable by its owner only and holds no token or password."""
        from office_app.config import OWNER_ONLY_FILE, private_folder
        from office_app.domain.redact import hide_secrets

        crash_log = self.settings.data_dir / "crash.log"
        details = hide_secrets(
            traceback.format_exc(), [self.settings.device_token.get_secret_value()]
        )
        try:
            private_folder(crash_log.parent)
            descriptor = os.open(crash_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_ONLY_FILE)
            with os.fdopen(descriptor, "a", encoding="utf-8") as log:
                log.write(f"{self.clock().isoformat()}\n{details}\n")
        except OSError:
            crash_log = Path("(crash log could not be written)")
        self.bell()
        self._exit_renderables.append(tr("app.crashed", path=crash_log))
        self._close_messages_no_wait()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly becomes a message, never a traceback."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            reason = (
                str(event.worker.error).splitlines()[0]
                if str(event.worker.error)
                else type(event.worker.error).__name__
            )
            self.notify(tr("app.error", reason=reason), severity="error", timeout=10)

    # The command palette speaks the office's language and lists the screen's actions

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand(tr("app.keys"), tr("app.keys_help"), self.action_show_help_panel)
        yield SystemCommand(tr("app.quit"), tr("app.quit_help"), self.action_quit)


def make_app(
    settings: Settings,
    *,
    demo_logins: str = "",
    sync_interval: float = 5.0,
    staff: SignedIn | None = None,
    clock: Clock,
) -> OfficeApp:
    """The office app in the settings' language; used by the CLI, the demo and the tests."""
    set_language(settings.language)
    return OfficeApp(
        settings, demo_logins=demo_logins, sync_interval=sync_interval, staff=staff, clock=clock
    )
