"""Who works at the desk of a shared office PC: signing in, switching user, logging out, the
lock after an idle time, and quitting with work still waiting to be sent.

The lock (``lock_minutes`` in the settings, 5 unless set) shows the sign-in over whatever was
open: the same member of staff types the password and is back where they were; anyone else
signs in to a fresh search. Quitting while commands wait in the outbox says how many and asks.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol, cast

from textual.app import App

from office_app.i18n import tr
from screens.dialog import ConfirmDialog
from screens.login import LoginScreen
from screens.search import SearchScreen

if TYPE_CHECKING:
    from office_app.config import Settings
    from office_app.desk.actions import Desk
    from office_app.desk.session import SignedIn
    from screens.messages import SyncView

#: How often the idle time is looked at.
IDLE_CHECK_SECONDS = 5.0


class _Office(Protocol):
    settings: Settings
    demo_logins: str
    staff: SignedIn | None
    staff_name: str
    desk: Desk | None
    sync_view: SyncView

    def make_desk(self, username: str) -> object: ...


class StaffSession:
    """The office app's member of staff (see the module's docstring)."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.active_at = time.monotonic()

    @property
    def office(self) -> _Office:
        return cast("_Office", self.app)

    def start_idle_watch(self, every_seconds: float = IDLE_CHECK_SECONDS) -> None:
        self.app.set_interval(every_seconds, self.check_idle)

    def touched(self) -> None:
        """A key or a click: the desk is in use."""
        self.active_at = time.monotonic()

    @property
    def locked(self) -> bool:
        return any(
            isinstance(screen, LoginScreen) and screen.locked_for is not None
            for screen in self.app.screen_stack
        )

    def check_idle(self) -> None:
        minutes = self.office.settings.lock_minutes
        idle = time.monotonic() - self.active_at
        if minutes and self.office.staff is not None and not self.locked and idle >= minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Ask for the password again before anything more is shown or done."""
        staff = self.office.staff
        if staff is not None:
            minutes = self.office.settings.lock_minutes
            self.app.push_screen(LoginScreen(self.office.demo_logins, staff, minutes))

    def signed_in(self, staff: SignedIn) -> None:
        """Back where they were after the lock, or a fresh search for someone else."""
        screen = self.app.screen
        if (
            isinstance(screen, LoginScreen)
            and screen.locked_for is not None
            and screen.locked_for.username == staff.username
        ):
            self.app.pop_screen()
            return
        office = self.office
        office.staff, office.staff_name, office.desk = staff, staff.display_name, None
        office.make_desk(staff.username)
        self._replace_all(SearchScreen())

    def log_out(self) -> None:
        """Nobody is signed in; the next member of staff signs in from the start."""
        office = self.office
        office.staff, office.staff_name, office.desk = None, "", None
        self._replace_all(LoginScreen(office.demo_logins))

    def quit(self) -> None:
        waiting = self.office.sync_view.waiting
        if not waiting:
            self.app.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(
            ConfirmDialog(
                tr("app.quit"), tr("app.quit_waiting", count=waiting), tr("app.quit_yes")
            ),
            answered,
        )

    def _replace_all(self, screen: LoginScreen | SearchScreen) -> None:
        while len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        self.app.switch_screen(screen)
