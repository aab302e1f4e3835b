"""The audit log screen: this office's actions, newest first, filtered by child, staff member
or day, with the hash chain checked every time the screen loads."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static

from office_app.i18n import TEXTS, money, tr
from screens.base import OfficeScreen
from screens.format import command_text, local_time

if TYPE_CHECKING:
    from office_app.desk.audit_log import AuditFilter, AuditLine, ChainReport


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


def parse_day(text: str) -> dt.date | None:
    """``24.11.2026`` or ``2026-11-24``; empty is no filter; ValueError otherwise."""
    value = text.strip()
    if not value:
        return None
    if "." in value:
        day, month, year = value.split(".")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(value)


class AuditScreen(OfficeScreen):
    BINDINGS = [
        Binding("escape", "back", "app.back"),
        Binding("f4", "verify", "audit.verify"),
    ]
    DEFAULT_CSS = """
    AuditScreen Label.title { margin: 1 1 0 1; text-style: bold; }
    #audit-filters { height: auto; margin: 0 1; }
    #audit-filters > Vertical { width: 1fr; height: auto; }
    #audit-chain { height: auto; margin: 0 2; }
    #audit-chain.-broken { color: $error; text-style: bold; }
    #audit-chain.-intact { color: $success; }
    #audit-log { height: 1fr; margin: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_frame()
        yield Label(tr("audit.title"), classes="title")
        with Horizontal(id="audit-filters"):
            for field_id, label in (
                ("audit-child", "audit.child"),
                ("audit-staff", "audit.staff"),
                ("audit-day", "audit.day"),
            ):
                with Vertical():
                    yield Label(tr(label))
                    yield Input(id=field_id)
        yield Static("", id="audit-chain")
        yield DataTable(id="audit-log", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-log", DataTable)
        for key in ("no", "time", "staff", "device", "action", "child", "state"):
            table.add_column(tr(f"audit.col_{key}"))
        self.query_one("#audit-child", Input).focus()
        self._load()

    def action_back(self) -> None:
        self.dismiss()

    def action_verify(self) -> None:
        self._load()

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        self._load()

    def _load(self) -> None:
        from office_app.desk.audit_log import AuditFilter

        day_text = self.query_one("#audit-day", Input).value
        try:
            day = parse_day(day_text)
        except ValueError:
            self._show_chain_text(tr("audit.bad_day", value=day_text), broken=True)
            return
        self.reload(
            AuditFilter(
                self.query_one("#audit-child", Input).value,
                self.query_one("#audit-staff", Input).value,
                day,
            )
        )

    @work(thread=True, exclusive=True, group="audit", exit_on_error=False)
    def reload(self, wanted: AuditFilter) -> None:
        from office_app.desk.audit_log import audit_lines, verify_chain

        backend = self.office.backend
        if backend is None:
            return
        lines = audit_lines(backend.engine, wanted)
        report = verify_chain(backend.engine)
        self.app.call_from_thread(self._show, lines, report)

    def _show_chain_text(self, text: str, *, broken: bool) -> None:
        chain = self.query_one("#audit-chain", Static)
        chain.update(text)
        chain.set_class(broken, "-broken")
        chain.set_class(not broken, "-intact")

    def _show(self, lines: list[AuditLine], report: ChainReport) -> None:
        if report.intact:
            self._show_chain_text(tr("audit.intact", count=report.events), broken=False)
        else:
            first = report.problems[0]
            text = tr(f"audit.problem.{first.kind}", position=first.position, after=first.after)
            self._show_chain_text(
                tr("audit.broken", count=len(report.problems), first=text), broken=True
            )
        table = self.query_one("#audit-log", DataTable)
        table.clear()
        for line in lines:
            state_key = f"audit.state.{line.state}"
            table.add_row(
                str(line.chain_index),
                local_time(line.occurred_at),
                line.staff,
                str(line.device_id) if line.device_id else tr("audit.this_office"),
                action_text(line.action, line.payload),
                line.student_name,
                tr(state_key) if state_key in TEXTS else "",
            )
        if not lines:
            table.add_row("", tr("audit.none"), *[""] * 5)
