"""The first screen: staff sign in with username and password, online or offline; the same
screen locks a desk left idle, for its member of staff to come back or another to sign in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Static

from office_app.i18n import tr
from screens.base import OfficeScreen
from screens.messages import StaffSignedIn

if TYPE_CHECKING:
    from office_app.desk.session import SignedIn


class LoginScreen(OfficeScreen):
    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    #login-box { width: 60; height: auto; border: round $primary; padding: 1 2; }
    #login-message { color: $error; height: auto; }
    #login-demo { color: $text-muted; height: auto; margin-top: 1; }
    """

    def __init__(
        self, demo_logins: str = "", locked_for: SignedIn | None = None, minutes: float = 0
    ) -> None:
        super().__init__()
        self.demo_logins = demo_logins
        self.locked_for = locked_for
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        with Vertical(id="login-box"):
            if self.locked_for is None:
                yield Label(tr("login.title"), classes="title")
            else:
                yield Label(tr("login.locked_title"), classes="title")
                yield Static(
                    tr(
                        "login.locked",
                        minutes=f"{self.minutes:g}",
                        name=self.locked_for.display_name,
                    ),
                    id="login-locked",
                )
            yield Label(tr("login.username"))
            username = self.locked_for.username if self.locked_for else ""
            yield Input(username, id="username")
            yield Label(tr("login.password"))
            yield Input(id="password", password=True)
            yield Button(tr("login.submit"), id="sign-in", variant="primary")
            yield Static("", id="login-message")
            if self.demo_logins:
                yield Static(tr("login.demo", logins=self.demo_logins), id="login-demo")

    def on_mount(self) -> None:
        field = "#password" if self.locked_for is not None else "#username"
        self.query_one(field, Input).focus()

    @on(Input.Submitted, "#username")
    def _to_password(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#sign-in")
    def _submit(self) -> None:
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        if not username.strip() or not password:
            self._say(tr("login.empty"))
            return
        if self.office.backend is None:
            self._say(tr("login.no_staff"))
            return
        self._say("")
        self._check(username, password)

    def _say(self, text: str) -> None:
        self.query_one("#login-message", Static).update(text)

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _check(self, username: str, password: str) -> None:
        from office_app.desk.login import LoginPaused
        from office_app.desk.queries import staff_count

        backend = self.office.backend
        assert backend is not None
        try:
            staff = backend.login.sign_in(username, password)
        except LoginPaused as pause:
            self.app.call_from_thread(self._say, tr("login.paused", seconds=pause.seconds))
            return
        if staff is None:
            known = staff_count(backend.engine) > 0
            message = tr("login.wrong") if known else tr("login.no_staff")
            self.app.call_from_thread(self._failed, message)
            return
        self.post_message(StaffSignedIn(staff))

    def _failed(self, message: str) -> None:
        self._say(message)
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()
