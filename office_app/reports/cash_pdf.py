"""The cash receipt handed over with each deposit, and the day-end cash drawer report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from office_app.domain.localtime import LOCAL as LOCAL_TZ
from office_app.reports.data import CashReceipt, DayEndReport, SchoolHeader, StaffDeposits
from office_app.reports.document import DocumentRenderer, escape
from office_app.reports.layout import FONT, FONT_BOLD, GroupStart, fit

BLANK = "_" * 24


class ReceiptRenderer(DocumentRenderer):
    """An A5 receipt: what was paid in, for whom, by whom, and the balance it gave."""

    title_key = "receipt"
    pagesize: tuple[float, float] = A5
    left_margin: float = 14 * mm
    right_margin: float = 14 * mm
    top_margin: float = 28 * mm
    font_size = 10

    def __init__(self, language: str = "da", *, copy: bool = False) -> None:
        super().__init__(language)
        #: A reprint: "KOPI" / "COPY" above the receipt and across the page.
        self.copy = copy

    def render(self, receipt: CashReceipt, created_at: dt.datetime | None = None) -> bytes:
        return self.build(self.story(receipt), receipt.school, created_at)

    def _page_header(self, school: SchoolHeader, canvas: Canvas, document: Any) -> None:
        super()._page_header(school, canvas, document)
        if self.copy:
            width, height = self.pagesize
            canvas.saveState()
            canvas.setFillGray(0.85)
            canvas.setFont(FONT_BOLD, 72)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, self.texts["copy"])
            canvas.restoreState()

    def story(self, receipt: CashReceipt) -> list[Flowable]:
        texts = self.texts
        marked: list[Flowable] = []
        if self.copy:
            mark = Table([[texts["copy_note"]]], colWidths=[self.frame_width])
            mark.setStyle(
                TableStyle(
                    [
                        ("FONT", (0, 0), (-1, -1), FONT_BOLD, 16),
                        ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                    ]
                )
            )
            marked = [mark, Spacer(0, 4 * mm)]
        if receipt.balance_ore is not None:
            balance = texts.kr(receipt.balance_ore)
        else:
            balance = texts.states.get(receipt.state, receipt.state)
        value_width = self.frame_width - 32 * mm
        rows = [
            [texts["receipt_no"], fit(receipt.receipt_no, value_width, FONT, self.font_size)],
            [texts["child"], Paragraph(escape(receipt.student_name), self.styles["Name"])],
            [texts["class"], fit(receipt.class_label, value_width, FONT, self.font_size)],
            [texts["deposited"], Paragraph(texts.kr(receipt.amount_ore), self.styles["Big"])],
            [texts["new_balance"], balance],
            [texts["taken_by"], fit(receipt.staff_name, value_width, FONT, self.font_size)],
            [texts["time"], texts.moment(receipt.taken_at)],
        ]
        if receipt.state == "rejected" and receipt.message:
            rows.append(["", Paragraph(escape(receipt.message), self.styles["Normal"])])
        return [
            GroupStart(f"{texts['receipt_no']} {receipt.receipt_no}"),
            *marked,
            self.facts_table(rows, label_width=32 * mm),
        ]


class DayEndRenderer(DocumentRenderer):
    """The day's cash deposits by staff member, the total expected in the drawer, and room
    to write the counted amount, the difference and a signature."""

    title_key = "day_end"
    time_width: float = 16 * mm
    receipt_width: float = 28 * mm
    state_width: float = 40 * mm
    amount_width: float = 26 * mm

    def render(self, report: DayEndReport, created_at: dt.datetime | None = None) -> bytes:
        return self.build(self.story(report), report.school, created_at)

    def story(self, report: DayEndReport) -> list[Flowable]:
        texts = self.texts
        day = texts.date(report.day)
        story: list[Flowable] = [
            GroupStart(f"{texts['day_end']} {day}"),
            self.facts_table(
                [[texts["day"], day], [texts["deposits_count"], str(report.deposit_count)]],
                label_width=40 * mm,
            ),
            Spacer(0, 5 * mm),
        ]
        if not report.by_staff:
            story += [Paragraph(texts["no_deposits"], self.styles["Name"]), Spacer(0, 5 * mm)]
        for staff in report.by_staff:
            heading = Paragraph(escape(staff.staff_name), self.styles["Heading"])
            story += [heading, self._staff_table(staff), Spacer(0, 5 * mm)]
        story.append(KeepTogether(self._count_table(report)))
        return story

    def _staff_table(self, staff: StaffDeposits) -> Table:
        texts = self.texts
        name_width = (
            self.frame_width
            - self.time_width
            - self.receipt_width
            - self.state_width
            - self.amount_width
        )
        header = [
            texts["clock"],
            texts["receipt_col"],
            texts["child"],
            texts["state"],
            texts["amount"],
        ]
        rows = [header]
        rows.extend(
            [
                f"{deposit.taken_at.astimezone(LOCAL_TZ):%H:%M}",
                fit(deposit.receipt_no, self.receipt_width - 6, FONT, self.font_size),
                fit(deposit.student_name, name_width - 6, FONT, self.font_size),
                fit(texts.states.get(deposit.state, deposit.state), self.state_width - 6),
                texts.amount(deposit.amount_ore),
            ]
            for deposit in staff.deposits
        )
        total = texts["staff_total"].format(name=staff.staff_name)
        rows.append(["", "", fit(total, name_width + self.state_width - 6, FONT_BOLD), "", ""])
        rows[-1][-1] = texts.amount(staff.total_ore)
        table = Table(
            rows,
            colWidths=[
                self.time_width,
                self.receipt_width,
                name_width,
                self.state_width,
                self.amount_width,
            ],
            rowHeights=[self.row_height] * len(rows),
            repeatRows=1,
        )
        table.setStyle(
            self.table_style(
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, self.font_size),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
            )
        )
        return table

    def _count_table(self, report: DayEndReport) -> list[Flowable]:
        """The count: float, deposits and what the drawer should hold, what it held, who
        counted and who checked, when it closed; a line to sign for each of the two."""
        texts = self.texts
        counted, difference = BLANK, BLANK
        if report.counted_ore is not None and report.difference_ore is not None:
            counted, difference = texts.kr(report.counted_ore), texts.kr(report.difference_ore)
        width = 60 * mm - 6
        rows = [
            [texts["opening_float"], texts.kr(report.opening_float_ore)],
            [texts["deposits_total"], texts.kr(report.deposits_ore)],
        ]
        expected_row = len(rows)
        rows.append([texts["expected"], texts.kr(report.expected_ore)])
        if report.refused_ore:
            rows.append([texts["refused"], texts.kr(report.refused_ore)])
        rows += [
            [texts["counted"], counted],
            [texts["difference"], difference],
        ]
        if report.difference_reason:
            rows.append([texts["difference_reason"], fit(report.difference_reason, width)])
        rows += [
            [texts["counted_by"], fit(report.closed_by, width) if report.closed_by else BLANK],
            [texts["checked_by"], fit(report.checked_by, width) if report.checked_by else BLANK],
            [
                texts["closed_at"],
                texts.moment(report.closed_at) if report.closed_at is not None else BLANK,
            ],
            [texts["signature_counted"], BLANK],
            [texts["signature_checked"], BLANK],
        ]
        table = Table(rows, colWidths=[70 * mm, 60 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
                    ("FONT", (0, expected_row), (-1, expected_row), FONT_BOLD, 11),
                    ("TOPPADDING", (0, 0), (-1, -1), 9),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ]
            )
        )
        return [table]
