"""The first screen: staff sign in with username and password, online or offline."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Static

from office_app.i18n import tr
from screens.base import OfficeScreen
from screens.messages import StaffSignedIn


class LoginScreen(OfficeScreen):
    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    #login-box { width: 60; height: auto; border: round $primary; padding: 1 2; }
    #login-message { color: $error; height: auto; }
    #login-demo { color: $text-muted; height: auto; margin-top: 1; }
    """

    def __init__(self, demo_logins: str = "") -> None:
        super().__init__()
        self.demo_logins = demo_logins

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        with Vertical(id="login-box"):
            yield Label(tr("login.title"), classes="title")
            yield Label(tr("login.username"))
            yield Input(id="username")
            yield Label(tr("login.password"))
            yield Input(id="password", password=True)
            yield Button(tr("login.submit"), id="sign-in", variant="primary")
            yield Static("", id="login-message")
            if self.demo_logins:
                yield Static(tr("login.demo", logins=self.demo_logins), id="login-demo")

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()

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
