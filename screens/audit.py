"""The audit log screen: the school's events from every device (or this office's own), newest
first, filtered by child, staff member or day, with both hash chains checked when the screen
opens and on request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import get_current_worker

from office_app.desk.fields import parse_day
from office_app.desk.wording import command_text, decline_reason, local_time
from office_app.i18n import TEXTS, money, tr
from screens.base import OfficeScreen
from screens.table import OfficeTable

if TYPE_CHECKING:
    from office_app.desk.audit_chains import ChainReport
    from office_app.desk.audit_log import AuditFilter, AuditLine

#: The two views (as office_app.desk.audit_log names them, without loading it at start).
SCHOOL, OFFICE = "school", "office"


SECRETARY_ACTIONS = ("deposit.cash", "card.block", "card.reactivate", "card.replace", "cap.set")


def action_text(action: str, payload: dict[str, Any]) -> str:
    """An audited action in words."""
    if action in SECRETARY_ACTIONS:
        return command_text(action, payload)
    if action == "payout.request":
        return tr("pending.payout.request", amount=money(int(payload["amount_ore"])))
    if action == "payout.settle":
        return tr("pending.payout.settle", ref=payload.get("bank_ref", ""))
    if action == "student.upsert":
        return tr("pending.student.upsert", name=payload["name"], label=payload["class_label"])
    for key in (f"pending.{action}", f"audit.action.{action}"):
        if key in TEXTS:
            return tr(key)
    return command_text(action, payload)


def line_action(line: AuditLine) -> str:
    """An event in words: the office's from its command, the ledger's from its type and amount."""
    if line.chain == OFFICE:
        return action_text(line.action, line.payload)
    key = f"audit.type.{line.action}"
    words = tr(key) if key in TEXTS else line.action
    return words if line.amount_ore is None else f"{words} {money(line.amount_ore)}"


def line_device(line: AuditLine) -> str:
    if line.own:
        return tr("audit.this_office")
    kind_key = f"audit.device.{line.device_kind}"
    kind = tr(kind_key) if kind_key in TEXTS else line.device_kind
    return f"{line.device_name} ({kind})" if line.device_name else kind


def line_state(line: AuditLine) -> str:
    if line.state == "rejected" and line.code:
        return tr("audit.state.refused_because", reason=decline_reason(line.code))
    key = f"audit.state.{line.state}"
    return tr(key) if key in TEXTS else ""


def chain_text(report: ChainReport) -> str:
    """One line per chain: intact with its count, or broken with its first problem."""
    name = tr(f"audit.chain.{report.chain}")
    if report.intact:
        return tr("audit.intact", chain=name, count=report.events)
    first = report.problems[0]
    text = tr(f"audit.problem.{first.kind}", position=first.position, after=first.after)
    return tr("audit.broken", chain=name, count=len(report.problems), first=text)


class AuditScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("f3", "switch", "audit.switch"),
        Binding("f4", "verify", "audit.verify"),
    ]
    DEFAULT_CSS = """
    AuditScreen Label.title { margin: 1 1 0 1; text-style: bold; }
    #audit-filters { height: auto; margin: 0 1; }
    #audit-filters > Vertical { width: 1fr; height: auto; }
    #audit-chain { height: auto; margin: 0 2; }
    #audit-chain.-broken { color: $error; text-style: bold; }
    #audit-chain.-intact { color: $success; }
    #audit-problem { height: auto; margin: 0 2; color: $error; }
    #audit-log { height: 1fr; margin: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view = SCHOOL

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("audit.title.school"), classes="title", id="audit-title")
        with Horizontal(id="audit-filters"):
            for field_id, label in (
                ("audit-child", "audit.child"),
                ("audit-staff", "audit.staff"),
                ("audit-day", "audit.day"),
            ):
                with Vertical():
                    yield Label(tr(label))
                    yield Input(id=field_id)
        yield Static(tr("audit.checking"), id="audit-chain")
        yield Static("", id="audit-problem")
        yield OfficeTable(id="audit-log", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-log", DataTable)
        for key in ("no", "time", "staff", "device", "action", "child", "state"):
            table.add_column(tr(f"audit.col_{key}"))
        self.query_one("#audit-child", Input).focus()
        self._load()
        self.action_verify()

    def action_back(self) -> None:
        self.dismiss()

    def action_switch(self) -> None:
        """Between the whole school's log and this office's own chain."""
        self.view = OFFICE if self.view == SCHOOL else SCHOOL
        self.query_one("#audit-title", Label).update(tr(f"audit.title.{self.view}"))
        self._load()

    def action_verify(self) -> None:
        chain = self.query_one("#audit-chain", Static)
        chain.update(tr("audit.checking"))
        chain.set_class(False, "-broken", "-intact")
        self.verify()

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        self._load()

    def _load(self) -> None:
        from office_app.desk.audit_log import AuditFilter

        day_text = self.query_one("#audit-day", Input).value
        problem = self.query_one("#audit-problem", Static)
        try:
            day = parse_day(day_text)
        except ValueError:
            problem.update(tr("audit.bad_day", value=day_text))
            return
        problem.update("")
        self.reload(
            AuditFilter(
                self.query_one("#audit-child", Input).value,
                self.query_one("#audit-staff", Input).value,
                day,
                self.view,
            )
        )

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def reload(self, wanted: AuditFilter) -> None:
        from office_app.desk.audit_log import audit_lines

        backend = self.office.backend
        if backend is None:
            return
        lines = audit_lines(backend.engine, wanted)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, lines, wanted.view)

    @work(thread=True, exclusive=True, group="audit-verify", exit_on_error=False)
    def verify(self) -> None:
        from office_app.desk.audit_chains import verify_chain

        backend = self.office.backend
        if backend is None:
            return
        reports = [verify_chain(backend.engine, view) for view in (SCHOOL, OFFICE)]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_chains, reports)

    def _show_chains(self, reports: list[ChainReport]) -> None:
        chain = self.query_one("#audit-chain", Static)
        chain.update("\n".join(chain_text(report) for report in reports))
        broken = not all(report.intact for report in reports)
        chain.set_class(broken, "-broken")
        chain.set_class(not broken, "-intact")

    def _show(self, lines: list[AuditLine], view: str) -> None:
        if view != self.view:
            return
        table = self.query_one("#audit-log", DataTable)
        table.clear()
        for line in lines:
            number = str(line.chain_index)
            if view == SCHOOL and line.chain == OFFICE:
                number = tr("audit.office_no", number=line.chain_index)
            table.add_row(
                number,
                local_time(line.occurred_at),
                line.staff,
                line_device(line),
                line_action(line),
                line.student_name,
                line_state(line),
            )
        if not lines:
            table.add_row("", tr("audit.none"), *[""] * 5)
