"""The search screen: find a child by name, guardian, pupil number, class or card while the
parent waits. Several matches are listed for the secretary to choose from; Enter opens a
child only when one matches, or the one the secretary moved to."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Key
from textual.widgets import DataTable, Input, Static

from office_app.desk.people_words import left_marked
from office_app.desk.wording import cap, card_status
from office_app.domain.cards import (
    MAX_DIGITS,
    MIN_DIGITS,
    CardNumberError,
    looks_like_card_number,
    normalise_card_number,
)
from office_app.domain.classes import grade_and_letter
from office_app.i18n import language, money, tr
from office_app.i18n.rules import rule_text
from screens.base import OfficeScreen
from screens.messages import OpenScreen, OpenStudent
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.queries import StudentRow

PAGE = 50
_TRAILING_DIGITS = re.compile(rf"\D(\d{{{MIN_DIGITS},{MAX_DIGITS}}})$")


#: The guardian column is cut here, so that balance and card still fit 80 columns.
GUARDIAN_WIDTH = 20


def _guardian_text(names: tuple[str, ...]) -> str:
    """The first guardian's name (cut to fit) and how many more there are: "Lene Berg +1"."""
    more = f" +{len(names) - 1}" if len(names) > 1 else ""
    first = names[0] if names else ""
    room = GUARDIAN_WIDTH - len(more)
    return (first if len(first) <= room else first[: room - 1] + "…") + more


def _trailing_card(text: str) -> str | None:
    """The card number a reader typed after other text ("oscar4400010"), if any."""
    found = _TRAILING_DIGITS.search(text.strip())
    return found.group(1) if found else None


class SearchScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "clear", "action.search", show=False),
        Binding("f3", "focus_search", "search.focus"),
        Binding("ctrl+o", "open_class", "search.class"),
        Binding("ctrl+r", "receipts", "search.receipts"),
        Binding("ctrl+t", "my_work", "search.my_work", show=False),
    ]
    DEFAULT_CSS = """
    #search { margin: 1 1 0 1; }
    #search-info { height: 1; margin: 0 2; color: $text-muted; }
    #search-info.-problem { color: $error; }
    #results { height: 1fr; margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[uuid.UUID] = []
        self._shown_query = ""
        #: The secretary moved to a result since the list was last filled.
        self._chosen = False
        self._typed_on = False

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Input(placeholder=tr("search.placeholder"), id="search", select_on_focus=False)
        yield Static(tr("search.start"), id="search-info")
        yield OfficeTable(id="results", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#results", DataTable)
        for key in ("col_name", "col_class", "col_guardian", "col_balance", "col_card", "col_cap"):
            table.add_column(tr(f"search.{key}"), key=key)
        self.query_one("#search", Input).focus()

    def on_screen_resume(self) -> None:
        """Back from a child: fresh figures for the same query, the query ready to retype
        (or, when typing on another screen brought the search back, going on with it)."""
        search = self.query_one("#search", Input)
        search.focus()
        if self._typed_on:
            self._typed_on = False
        else:
            search.select_all()
        self.refresh_results()

    def start_typing(self, text: str) -> None:
        """A new search that begins with ``text``, typed while another screen showed."""
        search = self.query_one("#search", Input)
        search.value = text
        search.cursor_position = len(text)
        self.set_focus(search)
        self._typed_on = True

    def refresh_results(self) -> None:
        self._run_search(self.query_one("#search", Input).value)

    def action_focus_search(self) -> None:
        search = self.query_one("#search", Input)
        search.focus()
        search.select_all()

    def action_open_class(self) -> None:
        """The highlighted child's class, or the class typed (``5b``) when nothing is listed."""
        from screens.class_list import ClassScreen

        label = grade_and_letter(self.query_one("#search", Input).value.strip())
        if self._shown:
            table = self.query_one("#results", DataTable)
            row = table.get_row_at(min(table.cursor_row, len(self._shown) - 1))
            label = str(row[1])
        if label:
            self.post_message(OpenScreen(ClassScreen(label)))
        else:
            self._info(tr("search.no_class"), problem=True)

    def action_receipts(self) -> None:
        from screens.today import ReceiptsTodayScreen

        self.post_message(OpenScreen(ReceiptsTodayScreen()))

    def action_my_work(self) -> None:
        from screens.today import MyWorkScreen

        self.post_message(OpenScreen(MyWorkScreen()))

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.focus()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self._run_search(event.value)

    def _run_search(self, query: str) -> None:
        if self.office.index is None:
            self._info(tr("search.loading"))
            return
        self._search(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        index, backend = self.office.index, self.office.backend
        if index is None or backend is None:
            return
        hits = index.search(query, limit=PAGE)
        rows = backend.rows(hits.student_ids)
        self.app.call_from_thread(self._show, query, rows, hits.total, more=hits.more)

    def _show(self, query: str, rows: list[StudentRow], total: int, *, more: bool = False) -> None:
        if query != self.query_one("#search", Input).value:
            return  # the secretary has typed on; a newer search is on its way
        table = self.query_one("#results", DataTable)
        same_rows = [row.student_id for row in rows] == self._shown
        cursor_row = table.cursor_row
        table.clear()
        for row in rows:
            card = row.card
            guardian = _guardian_text(row.guardian_names)
            table.add_row(
                left_marked(row.name, row.status),
                row.class_label,
                guardian,
                money(row.balance_ore),
                card_status(card.status, card.block_reason) if card else card_status(None),
                cap(row.daily_cap_ore),
                key=str(row.student_id),
            )
        self._shown = [row.student_id for row in rows]
        self._shown_query = query
        if not same_rows:
            self._chosen = False
        if same_rows:  # fresh figures for the same children: the cursor stays where it was
            table.move_cursor(row=cursor_row, animate=False)
        if not query.strip():
            self._info(tr("search.start"))
        elif not rows:
            self._info(tr("search.none", query=query.strip()), problem=True)
        else:
            key = "search.count_more" if more else "search.count"
            self._info(tr(key, shown=len(rows), total=f"{total:,}".replace(",", ".")))

    def _info(self, text: str, *, problem: bool = False) -> None:
        info = self.query_one("#search-info", Static)
        info.update(text)
        info.set_class(problem, "-problem")

    @on(Input.Submitted, "#search")
    def _entered(self, event: Input.Submitted) -> None:
        """Enter opens the child of a scanned card; else the one child that matches, or the
        result the secretary moved to (↑↓). With several matches and no choice made, the line
        above the list says to choose: never a silent pick among children. The search keeps
        the focus, so typing goes on and a card scanned next still opens its child."""
        text, index = event.value, self.office.index
        if index is None:
            return
        scanned = _trailing_card(text)
        if scanned is not None and (student_id := index.student_for_card(scanned)) is not None:
            # A card scanned after a name typed: the card wins, the name stays to search on.
            search = self.query_one("#search", Input)
            search.value = text[: len(text) - len(scanned)].rstrip()
            self.post_message(OpenStudent(student_id))
            return
        if looks_like_card_number(text):
            try:
                number = normalise_card_number(text)
            except CardNumberError as error:
                reason = rule_text(error, language())
                self._info(tr("search.bad_card", reason=reason), problem=True)
                return
            student_id = index.student_for_card(number)
            if student_id is not None:
                self.post_message(OpenStudent(student_id))
                return
            if index.search(text, limit=1).total == 0:
                self._info(tr("search.unknown_card", number=number), problem=True)
                self.query_one("#search", Input).select_all()
                return
        hits = index.search(text, limit=PAGE)
        if hits.total == 1:
            self.post_message(OpenStudent(hits.student_ids[0]))
            return
        if hits.total == 0:
            return
        table = self.query_one("#results", DataTable)
        if self._chosen and self._shown and self._shown_query == text:
            self.post_message(OpenStudent(self._shown[min(table.cursor_row, len(self._shown) - 1)]))
            return
        self._info(tr("search.choose", total=f"{hits.total:,}".replace(",", ".")))

    def on_key(self, event: Key) -> None:
        search = self.query_one("#search", Input)
        table = self.query_one("#results", DataTable)
        if event.key in ("down", "up") and search.has_focus and self._shown:
            table.move_cursor(row=table.cursor_row + (1 if event.key == "down" else -1))
            self._chosen = True
            event.stop()
        elif table.has_focus and event.is_printable and event.character:
            # Typing in the list goes on with the search; a digit starts a new one (a card
            # scanned, a pupil number), as it would after a name on any other screen.
            digit = event.character.isdigit()
            search.value = event.character if digit else search.value + event.character
            search.cursor_position = len(search.value)
            self.set_focus(search)
            event.stop()

    @on(DataTable.RowSelected, "#results")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(OpenStudent(uuid.UUID(event.row_key.value)))
