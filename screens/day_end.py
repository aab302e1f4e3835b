"""The day-end dialog: today's cash deposits by staff member, the counted amount, the opening
float, who checked the count and, when counted and expected differ, the reason."""

from __future__ import annotations

from dataclasses import astuple
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, Static

from office_app.desk.fields import DayEndCount, FieldProblem, check_amount, check_day_end
from office_app.desk.requests import CloseDay
from office_app.domain.money import MAX_ORE
from office_app.i18n import money, tr
from screens.dialog import Dialog
from screens.messages import ActionSubmitted, OpenScreen
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.day_end import DrawerDay
    from screens.office import Office


class DayEndDialog(Dialog[DayEndCount]):
    BINDINGS = [Binding("ctrl+r", "history", "dayend.history_key")]
    DEFAULT_CSS = """
    DayEndDialog #live-difference { text-style: bold; height: auto; }
    DayEndDialog #history { margin-top: 1; }
    DayEndDialog #takings { height: auto; max-height: 12; margin-bottom: 1; }
    DayEndDialog #expected { text-style: bold; }
    DayEndDialog #closed-before { color: $warning; }
    DayEndDialog #refused { color: $error; }
    """

    def __init__(self, drawer: DrawerDay, counter: str) -> None:
        super().__init__(tr("dayend.title", day=drawer.day.strftime("%d.%m.%Y")), None)
        self.drawer = drawer
        self.counter = counter

    def compose_fields(self) -> ComposeResult:
        yield OfficeTable(id="takings", cursor_type="none", show_cursor=False)
        yield Static(f"{tr('dayend.deposits')}: {money(self.drawer.expected_ore)}", id="expected")
        if self.drawer.cash.refused_ore:
            refused = money(self.drawer.cash.refused_ore)
            yield Static(tr("dayend.refused", amount=refused), id="refused")
        if self.drawer.closed_before:
            last = self.drawer.closed_before[-1]
            yield Static(
                tr(
                    "dayend.closed_before",
                    count=len(self.drawer.closed_before),
                    counted=money(int(str(last["counted_ore"]))),
                ),
                id="closed-before",
            )
        yield Label(tr("dayend.counted"))
        yield Input(id="counted")
        yield Static(self.live_difference(), id="live-difference")
        yield Label(tr("dayend.reason"))
        yield Input(id="reason")
        yield Label(tr("dayend.float"))
        yield Input("0,00", id="float")
        yield Label(tr("dayend.checked_by"))
        yield Input(id="checked-by")
        yield Button(tr("dayend.history"), id="history", compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#takings", DataTable)
        for key in ("col_staff", "col_count", "col_total"):
            table.add_column(tr(f"dayend.{key}"))
        for taking in self.drawer.cash.by_staff:
            table.add_row(taking.staff_name, str(len(taking.deposits)), money(taking.total_ore))
        if not self.drawer.cash.by_staff:
            table.add_row(tr("dayend.none"), "", "")
        self.query_one("#counted", Input).focus()

    def live_difference(self) -> str:
        """Expected and the difference from what is counted so far, before any reason."""
        typed = {name: "" for name in ("counted", "float")}
        if self.is_mounted:
            typed = {name: self.query_one(f"#{name}", Input).value for name in typed}
        try:
            float_ore = check_amount(
                typed["float"] or "0", "dayend.float", max_ore=MAX_ORE, allow_zero=True
            )
        except FieldProblem:
            float_ore = 0
        expected = float_ore + self.drawer.expected_ore
        try:
            counted = check_amount(
                typed["counted"], "dayend.counted", max_ore=MAX_ORE, allow_zero=True
            )
        except FieldProblem:
            return tr("dayend.live_waiting", expected=money(expected))
        if counted == expected:
            return tr("dayend.live_even", expected=money(expected))
        return tr("dayend.live", expected=money(expected), difference=money(counted - expected))

    def on_input_changed(self) -> None:
        self.query_one("#live-difference", Static).update(self.live_difference())
        super().on_input_changed()

    @on(Button.Pressed, "#history")
    def action_history(self) -> None:
        """Close this count (nothing is recorded) and list the day ends before."""
        from screens.day_end_history import DayEndHistoryScreen

        self.dismiss(None)
        self.app.post_message(OpenScreen(DayEndHistoryScreen()))

    def result(self) -> DayEndCount:
        return check_day_end(
            self.query_one("#counted", Input).value,
            self.query_one("#reason", Input).value,
            self.query_one("#float", Input).value,
            self.query_one("#checked-by", Input).value,
            deposits_ore=self.drawer.expected_ore,
            staff_names=self.drawer.staff_names,
            counter=self.counter,
        )

    def summary(self, result: DayEndCount) -> str:
        expected = result.opening_float_ore + self.drawer.expected_ore
        return tr(
            "dayend.preview",
            expected=money(expected),
            difference=money(result.counted_ore - expected),
        )


def open_day_end(screen: Screen[object]) -> None:
    """Today's drawer, read in a worker, then the day-end dialog; the count goes to the desk
    as a request from ``screen``."""
    office = cast("Office", screen.app)

    def load() -> None:
        from office_app.desk.day_end import drawer_day

        if office.backend is not None:
            drawer = drawer_day(office.backend.engine, office.clock())
            counter = office.staff.username if office.staff is not None else ""
            dialog = DayEndDialog(drawer, counter)
            screen.app.call_from_thread(screen.app.push_screen, dialog, counted)

    def counted(result: DayEndCount | None) -> None:
        if result is not None:
            screen.post_message(ActionSubmitted(CloseDay(*astuple(result))))

    screen.run_worker(load, thread=True, group="day-end", exit_on_error=False)
