"""The office's Textual application: routes messages between screens and workers.

Only Textual and the light parts of the office load at start; the replica, the ledger client
and SQLAlchemy load in a worker while the first screen is already usable.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import traceback
from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState, get_current_worker
from typing_extensions import override

from office_app.config import Settings
from office_app.desk.requests import Performed
from office_app.domain.localtime import Clock
from office_app.i18n import set_language, tr
from office_app.navigation import Navigation
from office_app.staff_session import StaffSession
from screens.account import AccountScreen
from screens.approvals import ApprovalsScreen
from screens.audit import AuditScreen
from screens.base import sync_problem
from screens.bindings import translate_bindings
from screens.day_end import open_day_end
from screens.help import HelpScreen, screen_keys
from screens.leavers import LeaversScreen
from screens.login import LoginScreen
from screens.messages import (
    ActionPerformed,
    ActionSubmitted,
    BackendReady,
    OpenScreen,
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
    from office_app.desk.requests import Request
    from office_app.desk.search import SearchIndex
    from office_app.desk.session import SignedIn
    from office_app.sync.run import RoundResult


#: Actions only an administrator sees.
ADMIN_ACTIONS = frozenset({"approvals", "audit", "day_end", "leavers", "roster"})
#: The office's own keys: none of them acts under a dialog or before anyone signed in.
OFFICE_ACTIONS = ADMIN_ACTIONS | {"help", "sync_screen", "sync_now", "log_out", "change_password"}


#: Younger collections between two full ones (Python's default is 10).
FULL_COLLECTION_EVERY = 100


class OfficeApp(App[None]):
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "help", "app.help", show=False),
        Binding("f2", "sync_screen", "action.sync", show=False),
        Binding("f5", "sync_now", "sync.now", show=False),
        Binding("f6", "approvals", "action.approvals", show=False),
        Binding("f7", "audit", "action.audit", show=False),
        Binding("f8", "day_end", "action.day_end", show=False),
        Binding("f9", "leavers", "action.leavers", show=False),
        Binding("f10", "roster", "action.roster", show=False),
        Binding("f12", "change_password", "action.password", show=False),
        Binding("ctrl+l", "log_out", "app.log_out", show=False),
        Binding("ctrl+q", "quit", "app.quit", show=False, priority=True),
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
        self.navigation = Navigation(self)
        self.session = StaffSession(self)

    # Start and sync

    def on_mount(self) -> None:
        if self.staff is None:
            self.push_screen(LoginScreen(self.demo_logins))
        else:
            self.staff_name = self.staff.display_name
            self.push_screen(SearchScreen())
        self.session.start_idle_watch()
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
            view = SyncView(online=None, problem=str(error), reason=error.reason)
            self.post_message(SyncFinished(view, None))
            return
        backoff = Backoff()
        while backend.needs_bootstrap() and not worker.is_cancelled:
            try:
                backend.bootstrap(self._bootstrap_progress)
            except SyncError as error:
                view = SyncView(online=False, problem=str(error), reason=error.reason)
                self.post_message(SyncFinished(view, None))
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
            self.make_desk(self.staff.username)
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
                    SyncView.of_round(result),
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

    @on(SyncProgressed)
    def _progressed(self, message: SyncProgressed) -> None:
        self.sync_view = message.view

    @on(SyncFinished)
    def _synced(self, message: SyncFinished) -> None:
        view, before = message.view, self.sync_view
        self.sync_view = view
        if view.problem and (view.reason != before.reason or view.online != before.online):
            problem = sync_problem(view, self.settings.replica_path)
            self.notify(problem, severity="warning", timeout=10)
        if message.index is not None:
            self.index = message.index
        if message.pulled:
            self._refresh_screen()

    def _refresh_screen(self) -> None:
        """Every screen showing replica data, also under a dialog that is still closing."""
        for screen in self.screen_stack:
            with contextlib.suppress(NoMatches):  # still being built: it reads when mounted
                if isinstance(screen, SearchScreen):
                    screen.refresh_results()
                elif isinstance(screen, (AccountScreen, ApprovalsScreen, LeaversScreen)):
                    screen.reload()

    @override
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The office's keys belong to a signed-in member of staff, not under a dialog; the
        administrator's only to administrators. The command palette lists the keys of the
        screen under it."""
        if action not in OFFICE_ACTIONS:
            return True
        screen = self.screen
        if isinstance(screen, CommandPalette) and len(self.screen_stack) > 1:
            screen = self.screen_stack[-2]
        if isinstance(screen, (LoginScreen, ModalScreen)):
            return False
        return self.is_admin if action in ADMIN_ACTIONS else True

    @property
    def is_admin(self) -> bool:
        return self.staff is not None and self.staff.role == "admin"

    def action_approvals(self) -> None:
        self.navigation.open_top(ApprovalsScreen())

    def action_day_end(self) -> None:
        open_day_end(self.screen)

    def action_leavers(self) -> None:
        self.navigation.open_top(LeaversScreen())

    def action_roster(self) -> None:
        self.navigation.open_top(RosterScreen())

    def action_audit(self) -> None:
        self.navigation.open_top(AuditScreen())

    def action_sync_now(self) -> None:
        self._wake.set()

    def action_change_password(self) -> None:
        """The signed-in staff member's own password, in a dialog; a ledger command."""
        if self.staff is not None and not isinstance(self.screen, ChangePasswordDialog):
            self.push_screen(ChangePasswordDialog(self.staff.display_name), self._requested)

    def _requested(self, request: Request | None) -> None:
        if request is not None:
            self._perform(request)

    def action_sync_screen(self) -> None:
        self.navigation.open_top(SyncScreen())

    def action_help(self) -> None:
        self.push_screen(HelpScreen(screen_keys(self.screen)))

    def action_log_out(self) -> None:
        self.session.log_out()

    @override
    async def action_quit(self) -> None:
        self.session.quit()

    @override
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self.session.touched()
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self.navigation.handle_key(event)
        ):
            return
        await super().on_event(event)

    # Staff and navigation

    @on(StaffSignedIn)
    def _signed_in(self, message: StaffSignedIn) -> None:
        self.session.signed_in(message.staff)

    @work(thread=True, exclusive=True, group="desk", exit_on_error=False)
    def make_desk(self, username: str) -> None:
        assert self.backend is not None
        desk = self.backend.desk(username)
        self.call_from_thread(setattr, self, "desk", desk)

    @on(OpenStudent)
    @on(OpenScreen)
    def _open(self, message: OpenStudent | OpenScreen) -> None:
        self.navigation.open(message)

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

        self.post_message(ActionPerformed(perform(self.desk, request, self._wake.set)))
        self._wake.set()

    @on(ActionPerformed)
    def _performed(self, message: ActionPerformed) -> None:
        outcome = message.outcome
        self.notify(
            outcome.message, severity="error" if outcome.failed else "information", timeout=8
        )
        self._refresh_screen()

    def _fatal_error(self) -> None:
        """An error nobody foresaw: the details go to a crash log for support (owner-only, no
        token or password), the screen gets one sentence (Textual would print a traceback)."""
        from office_app.crash_log import write_crash_log

        written = write_crash_log(self.settings, traceback.format_exc(), self.clock())
        self.bell()
        self._exit_renderables.append(tr("app.crashed", path=written or "-"))
        self._close_messages_no_wait()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly becomes a message, never a traceback."""
        if event.state == WorkerState.ERROR and (error := event.worker.error) is not None:
            from office_app.crash_log import write_crash_log

            details = "".join(traceback.format_exception(error))
            written = write_crash_log(self.settings, details, self.clock())
            self.notify(tr("app.trouble", path=written or "-"), severity="error", timeout=10)

    # The command palette speaks the office's language and lists the screen's actions

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        return self.navigation.system_commands(screen)

    @override
    def action_command_palette(self) -> None:
        self.navigation.command_palette()

    @override
    def action_help_quit(self) -> None:
        self.notify(tr("app.quit_how"), title=tr("app.quit"))


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
