"""The day-end dialog: today's cash deposits by staff member, the expected total, the counted
amount and, when they differ, the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Label, Static

from office_app.desk.fields import check_count
from office_app.i18n import money, tr
from screens.dialogs import Dialog

if TYPE_CHECKING:
    from office_app.desk.day_end import DrawerDay


class DayEndDialog(Dialog[tuple[int, str]]):
    DEFAULT_CSS = """
    DayEndDialog #takings { height: auto; max-height: 12; margin-bottom: 1; }
    DayEndDialog #expected { text-style: bold; }
    DayEndDialog #closed-before { color: $warning; }
    DayEndDialog #refused { color: $error; }
    """

    def __init__(self, drawer: DrawerDay) -> None:
        super().__init__(tr("dayend.title", day=drawer.day.strftime("%d.%m.%Y")), None)
        self.drawer = drawer

    def compose_fields(self) -> ComposeResult:
        yield DataTable(id="takings", cursor_type="none", show_cursor=False)
        yield Static(f"{tr('dayend.expected')}: {money(self.drawer.expected_ore)}", id="expected")
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
        yield Label(tr("dayend.reason"))
        yield Input(id="reason")

    def on_mount(self) -> None:
        table = self.query_one("#takings", DataTable)
        for key in ("col_staff", "col_count", "col_total"):
            table.add_column(tr(f"dayend.{key}"))
        for taking in self.drawer.cash.by_staff:
            table.add_row(taking.staff, str(len(taking.deposits)), money(taking.total_ore))
        if not self.drawer.cash.by_staff:
            table.add_row(tr("dayend.none"), "", "")
        self.query_one("#counted", Input).focus()

    def result(self) -> tuple[int, str]:
        return check_count(
            self.query_one("#counted", Input).value,
            self.query_one("#reason", Input).value,
            self.drawer.expected_ore,
        )

    def summary(self, result: tuple[int, str]) -> str:
        return tr("dayend.preview", difference=money(result[0] - self.drawer.expected_ore))
