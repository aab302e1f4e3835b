"""The signed-in staff member changes their own password: current, new, new again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from office_app.desk.fields import check_new_password
from office_app.desk.requests import ChangePassword
from office_app.i18n import tr
from screens.dialog import Dialog


class ChangePasswordDialog(Dialog[ChangePassword]):
    """Dismisses with the request to change the password; the desk checks the current one and
    hashes the new one. Every field hides what is typed."""

    def __init__(self, display_name: str) -> None:
        super().__init__(tr("password.title"), None)
        self.display_name = display_name

    def compose_fields(self) -> ComposeResult:
        yield Static(tr("password.for", name=self.display_name), classes="dialog-for")
        yield Label(tr("password.current"))
        yield Input(id="current", password=True)
        yield Label(tr("password.new"))
        yield Input(id="new", password=True)
        yield Label(tr("password.repeat"))
        yield Input(id="repeat", password=True)

    def on_mount(self) -> None:
        self.query_one("#current", Input).focus()

    def result(self) -> ChangePassword:
        current = self.query_one("#current", Input).value
        new = self.query_one("#new", Input).value
        repeated = self.query_one("#repeat", Input).value
        check_new_password(current, new, repeated)
        return ChangePassword(current, new, repeated)
