"""F1: every key of the screen beneath, with what it does, in the office's language.

The footer shows the keys used most; this list has them all, the ones hidden from the footer
included, so a small terminal loses nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from office_app.i18n import tr
from screens.bindings import OFFICE_BINDING, translate_bindings
from screens.table import OfficeTable


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys that work on ``screen`` now, each once, with their descriptions."""
    keys: list[tuple[str, str]] = []
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        ours = (binding.id or "").startswith(OFFICE_BINDING)
        if not ours or not active.enabled or binding.action in seen:
            continue
        seen.add(binding.action)
        keys.append((screen.app.get_key_display(binding), binding.description))
    return keys


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1", "close", "app.back")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 64; max-width: 100%; height: auto; max-height: 100%;
                            border: thick $primary; padding: 0 1; background: $surface; }
    HelpScreen #help-keys { height: auto; max-height: 1fr; }
    HelpScreen .hint { color: $text-muted; }
    """

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(tr("help.title"), classes="dialog-title")
            yield OfficeTable(id="help-keys", cursor_type="row", show_header=False)
            yield Static(tr("help.hint"), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("key", "does")
        for key, does in self.keys:
            table.add_row(key, does)
        table.focus()

    def action_close(self) -> None:
        self.dismiss()
