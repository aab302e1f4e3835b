"""The office's Textual application: routes messages between screens and workers.

Only Textual and the light parts of the office load at start; the replica, the ledger client
and SQLAlchemy load in a worker while the first screen is already usable.
"""

from __future__ import annotations

import gc
import threading
import traceback
from collections.abc import Iterable
from dataclasses import astuple
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
from office_app.desk.requests import CloseDay, Performed
from office_app.domain.localtime import LOCAL, Clock
from office_app.i18n import set_language, tr
from screens.account import AccountScreen
from screens.approvals import ApprovalsScreen
from screens.audit import AuditScreen
from screens.base import translate_bindings
from screens.day_end import DayEndDialog
from screens.leavers import LeaversScreen
from screens.login import LoginScreen
from screens.messages import (
    ActionPerformed,
    ActionSubmitted,
    BackendReady,
    OpenStudent,
    StaffSignedIn,
    SyncFinished,
    SyncProgressed,
    SyncView,
)
from screens.roster import RosterScreen
from screens.search import SearchScreen
from screens.sync import SyncScreen

if TYPE_CHECKING:
    from office_app.desk.actions import Desk
    from office_app.desk.backend import OfficeBackend
    from office_app.desk.fields import DayEndCount
    from office_app.desk.requests import Request
    from office_app.desk.search import SearchIndex
    from office_app.desk.session import SignedIn
    from office_app.sync.run import RoundResult


#: Actions only an administrator sees.
ADMIN_ACTIONS = frozenset({"approvals", "audit", "day_end", "leavers", "roster"})


#: Younger collections between two full ones (Python's default is 10).
FULL_COLLECTION_EVERY = 100


class OfficeApp(App[None]):
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f2", "sync_screen", "action.sync"),
        Binding("f5", "sync_now", "sync.now"),
        Binding("f6", "approvals", "action.approvals"),
        Binding("f7", "audit", "action.audit"),
        Binding("f8", "day_end", "action.day_end"),
        Binding("f9", "leavers", "action.leavers"),
        Binding("f10", "roster", "action.roster"),
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
        """Sync every interval until the app closes, the way ``office-app sync --watch`` does
        (office_app.sync.run.keep_syncing); F5 wakes it at once. Only a refused token stops it.
        """
        backend = self.backend
        assert backend is not None
        worker = get_current_worker()

        def report(result: RoundResult) -> None:
            changed = result.pulled and backend.children_changed()
            self.post_message(
                SyncFinished(
                    self._view(result),
                    backend.build_index() if changed else None,
                    pulled=result.pulled,
                )
            )
            for said, refused in backend.release_bank_files():
                self.post_message(ActionPerformed(Performed(said, failed=refused)))

        def pause(seconds: float) -> bool:
            if not worker.is_cancelled:
                self._wake.wait(seconds)
            self._wake.clear()
            return not worker.is_cancelled

        backend.keep_syncing(self.sync_interval, pause, report)
        backend.close()

    @staticmethod
    def _view(result: RoundResult) -> SyncView:
        current = result.status
        last = current.last_success_at
        return SyncView(
            online=result.online,
            waiting=current.waiting,
            needs_attention=current.needs_attention,
            last_success=last.astimezone(LOCAL).strftime("%H:%M:%S") if last else "",
            problem=result.error or "",
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
                else tr("sync.stopped", reason=view.problem)
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
        return not (signed_out and action in ("sync_screen", "sync_now"))

    @property
    def is_admin(self) -> bool:
        return self.staff is not None and self.staff.role == "admin"

    def action_approvals(self) -> None:
        if self.is_admin and not isinstance(self.screen, (ApprovalsScreen, LoginScreen)):
            self.push_screen(ApprovalsScreen())

    def action_day_end(self) -> None:
        if self.is_admin and not isinstance(self.screen, LoginScreen):
            self._open_day_end()

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

    # Requests from the screens: each runs in a worker and ends with a message saying what
    # was done. The desk does the work and words it (office_app.desk.perform).

    @on(ActionSubmitted)
    def _submitted(self, message: ActionSubmitted) -> None:
        self._perform(message.request)

    @work(thread=True, group="actions", exit_on_error=False)
    def _perform(self, request: Request) -> None:
        from office_app.desk.perform import perform

        self.post_message(ActionPerformed(perform(self.desk, request)))
        self._wake.set()

    @on(ActionPerformed)
    def _performed(self, message: ActionPerformed) -> None:
        outcome = message.outcome
        self.notify(
            outcome.message, severity="error" if outcome.failed else "information", timeout=8
        )
        self._refresh_screen()

    def _open_day_end(self) -> None:
        """Today's drawer, read in a worker, then the day-end dialog."""

        def load() -> None:
            from office_app.desk.day_end import drawer_day

            if self.backend is not None:
                drawer = drawer_day(self.backend.engine, self.clock())
                counter = self.staff.username if self.staff is not None else ""
                self.call_from_thread(self.push_screen, DayEndDialog(drawer, counter), counted)

        def counted(result: DayEndCount | None) -> None:
            if result is not None:
                self._perform(CloseDay(*astuple(result)))

        self.run_worker(load, thread=True, group="day-end", exit_on_error=False)

    def _fatal_error(self) -> None:
        """An error nobody foresaw: the details go to a crash log for support, the screen gets
        one sentence (Textual would print a traceback with local values, tokens included)."""
        crash_log = self.settings.data_dir / "crash.log"
        try:
            crash_log.parent.mkdir(parents=True, exist_ok=True)
            with crash_log.open("a", encoding="utf-8") as log:
                log.write(f"{self.clock().isoformat()}\n{traceback.format_exc()}\n")
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
