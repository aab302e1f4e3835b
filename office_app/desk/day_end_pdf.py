"""The day-end report as a PDF: the drawer's figures per staff member, the count and the
difference with its reason, and a line to sign. Deterministic for the same figures."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from office_app.desk.day_end import DrawerClosed
from office_app.i18n import money, tr

LOCAL = ZoneInfo("Europe/Copenhagen")


class DayEndReport:
    page_size = A4
    margin = 20 * mm
    column_widths = (80 * mm, 30 * mm, 50 * mm)

    def styles(self) -> dict[str, ParagraphStyle]:
        sheet = getSampleStyleSheet()
        return {"title": sheet["Title"], "body": sheet["BodyText"], "heading": sheet["Heading2"]}

    def story(self, closed: DrawerClosed) -> list[Any]:
        style = self.styles()
        rows: list[list[str]] = [
            [tr("dayend.col_staff"), tr("dayend.col_count"), tr("dayend.col_total")]
        ]
        rows += [[t.staff, str(t.deposits), money(t.total_ore)] for t in closed.takings]
        rows += [
            [tr("dayend.expected"), "", money(closed.expected_ore)],
            [tr("dayend.counted"), "", money(closed.counted_ore)],
            [tr("dayend.difference"), "", money(closed.difference_ore)],
        ]
        table = Table(rows, colWidths=self.column_widths)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                    ("LINEABOVE", (0, -3), (-1, -3), 0.5, colors.black),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ]
            )
        )
        when = closed.closed_at.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
        return [
            Paragraph(tr("dayend.report_title"), style["title"]),
            Paragraph(closed.school_name, style["heading"]),
            Paragraph(tr("dayend.report_day", day=closed.day.strftime("%d.%m.%Y")), style["body"]),
            Paragraph(tr("dayend.report_by", name=closed.closed_by, time=when), style["body"]),
            Spacer(1, 6 * mm),
            table,
            Spacer(1, 6 * mm),
            Paragraph(tr("dayend.report_reason", reason=closed.reason or "-"), style["body"]),
            Spacer(1, 15 * mm),
            Paragraph(tr("dayend.report_sign"), style["body"]),
        ]

    def render(self, closed: DrawerClosed) -> bytes:
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=self.page_size,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin,
            bottomMargin=self.margin,
            title=tr("dayend.report_title"),
            invariant=1,
        )
        document.build(self.story(closed))
        return buffer.getvalue()
