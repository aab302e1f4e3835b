"""Where the desk's keys go: screens that replace each other, letters that always reach the
search, and a card reader heard on every screen.

The search is the bottom screen; every other top-level screen (a child's account, approvals,
the audit log, …) replaces the one above it, so Escape from any of them is back at the search.
On a screen that shows data, a letter or digit typed is text for the search, never an action.
A card scanned anywhere (digits faster than any hand, then Enter) opens that child, and the
digits never stay in a field they landed in: a scan can never confirm an amount.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.align import Align
from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import Input
from textual.widgets.option_list import Option
from typing_extensions import override

from office_app.desk.scanner import ScanDetector
from office_app.i18n import tr
from screens.account import AccountScreen
from screens.bindings import OFFICE_BINDING
from screens.login import LoginScreen
from screens.messages import OpenScreen, OpenStudent
from screens.search import SearchScreen

if TYPE_CHECKING:
    from screens.office import Office

#: The class of an input that takes a scanned card: a scan there is its answer.
CARD_FIELD = "card-number"


@dataclass
class _Landing:
    """Where a possible scan's digits are going, and what that field held before them."""

    field: Input
    value: str
    cursor: int


class Navigation:
    """The office app's screens and keys (see the module's docstring)."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.scanner = ScanDetector()
        self._landing: _Landing | None = None

    @property
    def office(self) -> Office:
        return cast("Office", self.app)

    def search_screen(self) -> SearchScreen | None:
        return next((s for s in self.app.screen_stack if isinstance(s, SearchScreen)), None)

    def open_top(self, screen: Screen[None]) -> None:
        """Show ``screen`` above the search, in place of whatever top-level screen was there."""
        search = self.search_screen()
        if search is None:
            return
        while self.app.screen is not search and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.push_screen(screen)

    def open_student(self, student_id: uuid.UUID) -> None:
        self.open_top(AccountScreen(student_id))

    def open(self, request: OpenStudent | OpenScreen) -> None:
        """What a screen asked to see: a child's account or another top-level screen."""
        if isinstance(request, OpenStudent):
            self.open_student(request.student_id)
        else:
            self.open_top(request.screen)

    def back_to_search(self, text: str | None = None) -> None:
        """Back to the search; with ``text``, the search starts over with it."""
        search = self.search_screen()
        if search is None:
            return
        if text is not None:
            search.start_typing(text)
        while self.app.screen is not search and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def handle_key(self, event: events.Key) -> bool:
        """Handle a key before Textual routes it; True when it needs nothing more."""
        screen = self.app.screen
        if isinstance(screen, LoginScreen):
            return False
        focused = self.app.focused
        if event.character and event.character.isdigit() and self.scanner.burst == 0:
            self._landing = (
                _Landing(focused, focused.value, focused.cursor_position)
                if isinstance(focused, Input)
                else None
            )
        scanned = self.scanner.feed(event.key, event.character, event.time)
        if scanned is not None and not isinstance(screen, SearchScreen) and not self._wanted():
            self._scanned(scanned)
            return True
        if (
            event.is_printable
            and event.character
            and not isinstance(focused, Input)
            and not isinstance(screen, (SearchScreen, ModalScreen))
        ):
            self.back_to_search(event.character)
            return True
        return False

    def _wanted(self) -> bool:
        """The scan went into a field that asks for a card (a replacement card's number)."""
        landing = self._landing
        return landing is not None and landing.field.has_class(CARD_FIELD)

    def _scanned(self, number: str) -> None:
        """A card was scanned away from the search: put back the field its digits went into,
        close any dialog (nothing it asked for happens) and open the card's child."""
        if self._landing is not None:
            self._landing.field.value = self._landing.value
            self._landing.field.cursor_position = self._landing.cursor
            self._landing = None
        index = self.office.index
        student_id = index.student_for_card(number) if index is not None else None
        if student_id is None:
            self.app.notify(tr("search.unknown_card", number=number), severity="warning")
            return
        while isinstance(self.app.screen, ModalScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.open_student(student_id)

    def system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette's entries: the screen's actions, help and quit, in words."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not (binding.id or "").startswith(OFFICE_BINDING) or binding.action in seen:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                partial(self.app.run_action, binding.action, active.node),
            )

    def command_palette(self) -> None:
        if self.app.use_command_palette and not CommandPalette.is_open(
            cast("App[object]", self.app)
        ):
            self.app.push_screen(
                OfficeCommandPalette(placeholder=tr("app.palette_search"), id="--command-palette")
            )


class OfficeCommandPalette(CommandPalette):
    """Textual's command palette, saying "no matches" in the office's language."""

    @override
    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(tr("app.palette_none"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
