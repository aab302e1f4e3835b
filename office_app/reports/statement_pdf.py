"""Statements ("kontoudtog") as PDF: one child, a class or a household in one document.

Each child starts on a new page and has its own page numbers ("Side 1 af 2"); a long period
runs over as many pages as it needs, with the table header repeated on each.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from office_app.reports.data import SchoolHeader, Statement, StatementLine
from office_app.reports.layout import (
    FONT,
    FONT_BOLD,
    GroupStart,
    NumberedCanvas,
    fit,
    printable,
    register_fonts,
)
from office_app.reports.texts import Texts, texts_for


class StatementRenderer:
    """Lays out statements on A4; geometry here, words in :mod:`office_app.reports.texts`."""

    pagesize: tuple[float, float] = A4
    left_margin: float = 18 * mm
    right_margin: float = 18 * mm
    top_margin: float = 30 * mm
    bottom_margin: float = 20 * mm
    font_size = 8.5
    row_height = 13.0
    date_width: float = 30 * mm
    amount_width: float = 26 * mm

    def __init__(self, language: str = "da") -> None:
        register_fonts()
        self.texts: Texts = texts_for(language)
        self.styles = self.stylesheet()

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - self.left_margin - self.right_margin

    @property
    def text_width(self) -> float:
        return self.frame_width - self.date_width - 2 * self.amount_width

    def stylesheet(self) -> StyleSheet1:
        sheet = StyleSheet1()
        sheet.add(ParagraphStyle("Normal", fontName=FONT, fontSize=self.font_size, leading=11))
        sheet.add(ParagraphStyle("Heading", fontName=FONT_BOLD, fontSize=10, leading=14))
        sheet.add(ParagraphStyle("Name", fontName=FONT_BOLD, fontSize=self.font_size, leading=11))
        return sheet

    def render(self, statements: Statement | Sequence[Statement]) -> bytes:
        """The PDF for one statement, or for several with each child on its own pages."""
        batch = [statements] if isinstance(statements, Statement) else list(statements)
        if not batch:
            raise ValueError("statements: give at least one statement")
        output = io.BytesIO()
        document = self._document(output, batch[0].school)
        story: list[Flowable] = []
        for index, statement in enumerate(batch):
            if index:
                story.append(PageBreak())
            story.extend(self.story(statement))
        try:
            document.build(
                story,
                canvasmaker=partial(NumberedCanvas, page_label=self.texts["page"]),
            )
        except LayoutError as error:  # pragma: no cover - every cell is fitted to its column
            raise ValueError(f"statement: cannot lay out the page ({error})") from None
        return output.getvalue()

    def _document(self, output: io.BytesIO, school: SchoolHeader) -> BaseDocTemplate:
        document = BaseDocTemplate(
            output,
            pagesize=self.pagesize,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=self.texts["statement"],
            author=printable(school.name),
            creator="office-app",
            invariant=1,
        )
        frame = Frame(
            self.left_margin,
            self.bottom_margin,
            self.frame_width,
            self.pagesize[1] - self.top_margin - self.bottom_margin,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        document.addPageTemplates(
            [PageTemplate("statement", [frame], onPage=partial(self._page_header, school))]
        )
        return document

    def _page_header(self, school: SchoolHeader, canvas: Canvas, _document: Any) -> None:
        width, height = self.pagesize
        top = height - 15 * mm
        canvas.saveState()
        room = self.frame_width * 0.65
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(self.left_margin, top, fit(school.name, room, FONT_BOLD, 11))
        canvas.setFont(FONT, 8)
        canvas.drawString(self.left_margin, top - 11, fit(school.address, room, FONT, 8))
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawRightString(width - self.right_margin, top, self.texts["statement"])
        canvas.setStrokeGray(0.6)
        canvas.line(self.left_margin, top - 17, width - self.right_margin, top - 17)
        canvas.restoreState()

    def story(self, statement: Statement) -> list[Flowable]:
        texts = self.texts
        period = texts["period_range"].format(
            first=texts.date(statement.period_from), last=texts.date(statement.period_to)
        )
        footer = f"{statement.student_name} · {statement.class_label} · {period}"
        story: list[Flowable] = [
            GroupStart(footer),
            self._facts(statement, period),
            Spacer(0, 6 * mm),
            self._transactions(statement),
        ]
        if not statement.lines:
            story += [Spacer(0, 3 * mm), Paragraph(texts["no_transactions"], self.styles["Name"])]
        if statement.totals:
            story += [Spacer(0, 6 * mm), KeepTogether(self._totals(statement))]
        if statement.declined:
            story += [Spacer(0, 6 * mm), *self._declined(statement)]
        return story

    def _facts(self, statement: Statement, period: str) -> Table:
        texts = self.texts
        name = Paragraph(_escape(printable(statement.student_name)), self.styles["Name"])
        rows = [
            [texts["child"], name],
            [texts["class"], fit(statement.class_label, 100 * mm)],
            [texts["period"], period],
        ]
        table = Table(rows, colWidths=[28 * mm, self.frame_width - 28 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
                    ("FONT", (0, 0), (0, -1), FONT_BOLD, self.font_size),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def _line_text(self, line: StatementLine) -> str:
        texts = self.texts
        if line.kind == "reversal" and line.reversed_kind and line.reversed_at:
            label = texts.kind(line.reversed_kind)
            text = texts["reversal_of"].format(
                kind=label[:1].lower() + label[1:], date=texts.date(line.reversed_at.date())
            )
        else:
            text = texts.kind(line.kind, line.ledger_text)
        return fit(text, self.text_width - 8, FONT, self.font_size)

    def _transactions(self, statement: Statement) -> Table:
        texts = self.texts
        opening = texts["opening"].format(date=texts.date(statement.period_from))
        closing = texts["closing"].format(date=texts.date(statement.period_to))
        rows: list[list[str]] = [
            [texts["date"], texts["text"], texts["amount"], texts["balance"]],
            ["", opening, "", texts.amount(statement.opening_balance_ore)],
        ]
        rows.extend(
            [
                texts.moment(line.posted_at),
                self._line_text(line),
                texts.amount(line.amount_ore),
                texts.amount(line.balance_ore),
            ]
            for line in statement.lines
        )
        rows.append(["", closing, "", texts.amount(statement.closing_balance_ore)])
        widths = [self.date_width, self.text_width, self.amount_width, self.amount_width]
        table = Table(
            rows, colWidths=widths, rowHeights=[self.row_height] * len(rows), repeatRows=1
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
                    ("FONT", (0, 0), (-1, 0), FONT_BOLD, self.font_size),
                    ("FONT", (0, 1), (-1, 1), FONT_BOLD, self.font_size),
                    ("FONT", (0, -1), (-1, -1), FONT_BOLD, self.font_size),
                    ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                    ("ROWBACKGROUNDS", (0, 2), (-1, -2), [None, colors.Color(0.95, 0.95, 0.95)]),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    def _totals(self, statement: Statement) -> list[Flowable]:
        texts = self.texts
        rows = [[texts["totals"], texts["count"], texts["amount"]]]
        rows.extend(
            [texts.kind(total.kind), str(total.count), texts.amount(total.amount_ore)]
            for total in statement.totals
        )
        table = Table(
            rows,
            colWidths=[self.frame_width - 2 * self.amount_width, *[self.amount_width] * 2],
            rowHeights=[self.row_height] * len(rows),
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
                    ("FONT", (0, 0), (-1, 0), FONT_BOLD, self.font_size),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return [table]

    def _declined(self, statement: Statement) -> list[Flowable]:
        texts = self.texts
        reason_width = self.frame_width - self.date_width - self.amount_width
        rows = [[texts["date"], texts["text"], texts["amount"]]]
        rows.extend(
            [
                texts.moment(declined.occurred_at),
                fit(texts.declined.get(declined.code, declined.code), reason_width - 8),
                texts.amount(declined.amount_ore),
            ]
            for declined in statement.declined
        )
        table = Table(
            rows,
            colWidths=[self.date_width, reason_width, self.amount_width],
            rowHeights=[self.row_height] * len(rows),
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
                    ("FONT", (0, 0), (-1, 0), FONT_BOLD, self.font_size),
                    ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return [Paragraph(texts["declined_title"], self.styles["Heading"]), table]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
