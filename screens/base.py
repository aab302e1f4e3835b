"""What every office screen shares: translated key bindings and the sync bar."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from office_app.i18n import TEXTS, tr
from screens.messages import ActionSubmitted, SyncView

if TYPE_CHECKING:
    from office_app.desk.requests import Request
    from screens.office import Office


def translate_bindings(node: DOMNode) -> None:
    """Replace each binding description that is a text key by its text in the current language.

    Bindings are declared once per class with text keys as descriptions, so the footer and the
    command palette speak the language chosen at start.
    """
    bindings = node._bindings
    for key, found in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            dataclasses.replace(
                binding,
                description=tr(binding.description),
                tooltip=tr(f"{binding.description}_help")
                if f"{binding.description}_help" in TEXTS
                else binding.tooltip,
            )
            if binding.description in TEXTS
            else binding
            for binding in found
        ]


def sync_text(view: SyncView, staff: str) -> str:
    if view.bootstrap_changes is not None:
        state = tr("sync.bootstrap", count=f"{view.bootstrap_changes:,}".replace(",", "."))
    elif view.online is None:
        state = tr("sync.connecting")
    else:
        state = tr("sync.online") if view.online else tr("sync.offline")
    parts = [("● " if view.online else "○ ") + state]
    parts.append(tr("sync.waiting", count=view.waiting))
    if view.needs_attention:
        parts.append(tr("sync.attention", count=view.needs_attention))
    parts.append(tr("sync.last", time=view.last_success) if view.last_success else tr("sync.never"))
    if staff:
        parts.append(tr("app.signed_in", name=staff))
    return " · ".join(parts)


class SyncBar(Static):
    """Online or offline, commands waiting and needing attention, last sync, who is signed in."""

    DEFAULT_CSS = """
    SyncBar { dock: bottom; margin-bottom: 1; height: 1; padding: 0 1; background: $panel;
              color: $text; }
    SyncBar.-offline { background: $warning 40%; }
    SyncBar.-attention { background: $error 40%; }
    """

    def on_mount(self) -> None:
        office = cast("Office", self.app)
        self.watch(self.app, "sync_view", self._show)
        self.watch(self.app, "staff_name", lambda _name: self._show(office.sync_view))

    def _show(self, view: SyncView) -> None:
        office = cast("Office", self.app)
        self.set_class(view.online is False, "-offline")
        self.set_class(view.needs_attention > 0, "-attention")
        self.update(sync_text(view, office.staff_name))


class OfficeScreen(Screen[None]):
    """A full screen of the office with header, sync bar and footer."""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def office(self) -> Office:
        return cast("Office", self.app)

    def submit(self, request: Request) -> None:
        """Ask the desk to carry out ``request``; the app runs it and says what was done."""
        self.post_message(ActionSubmitted(request))

    def compose_frame(self) -> ComposeResult:
        yield Header()
        yield SyncBar()
        yield Footer()
