"""The shape every printed document shares: page geometry, styles, the school's page header
and building the PDF on the numbered canvas."""

from __future__ import annotations

import datetime as dt
import io
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from office_app.i18n.printed import Texts, texts_for
from office_app.reports.data import SchoolHeader
from office_app.reports.layout import (
    FONT,
    FONT_BOLD,
    NumberedCanvas,
    fit,
    printable,
    register_fonts,
)


class DocumentRenderer:
    """A document with the school at the top of every page and page numbers at the foot.

    Subclasses set ``title_key`` (the document's name in :mod:`office_app.i18n.printed`)
    and build their story; :meth:`build` turns a story into PDF bytes.
    """

    title_key = "statement"
    pagesize: tuple[float, float] = A4
    left_margin: float = 18 * mm
    right_margin: float = 18 * mm
    top_margin: float = 30 * mm
    bottom_margin: float = 20 * mm
    font_size = 8.5
    row_height = 13.0

    def __init__(self, language: str = "da") -> None:
        register_fonts()
        self.texts: Texts = texts_for(language)
        self.styles = self.stylesheet()

    @property
    def frame_width(self) -> float:
        return self.pagesize[0] - self.left_margin - self.right_margin

    def stylesheet(self) -> StyleSheet1:
        sheet = StyleSheet1()
        sheet.add(ParagraphStyle("Normal", fontName=FONT, fontSize=self.font_size, leading=11))
        sheet.add(
            ParagraphStyle("Heading", fontName=FONT_BOLD, fontSize=10, leading=14, keepWithNext=1)
        )
        sheet.add(ParagraphStyle("Name", fontName=FONT_BOLD, fontSize=self.font_size, leading=11))
        sheet.add(ParagraphStyle("Big", fontName=FONT_BOLD, fontSize=14, leading=18))
        return sheet

    def table_style(self, *extra: tuple[Any, ...]) -> TableStyle:
        """A table with a bold, underlined header row, plus ``extra`` commands."""
        return TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, self.font_size),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, self.font_size),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                *extra,
            ]
        )

    def facts_table(self, rows: list[list[Any]], label_width: float = 28 * mm) -> Table:
        """Label and value pairs, the labels in bold: who, which class, which period."""
        table = Table(rows, colWidths=[label_width, self.frame_width - label_width], hAlign="LEFT")
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

    def build(
        self, story: list[Flowable], school: SchoolHeader, created_at: dt.datetime | None = None
    ) -> bytes:
        """The PDF; ``created_at`` goes into its metadata only, never onto its pages."""
        output = io.BytesIO()
        document = BaseDocTemplate(
            output,
            pagesize=self.pagesize,
            leftMargin=self.left_margin,
            rightMargin=self.right_margin,
            topMargin=self.top_margin,
            bottomMargin=self.bottom_margin,
            title=self.texts[self.title_key],
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
            [PageTemplate("page", [frame], onPage=partial(self._page_header, school))]
        )
        document.build(
            story,
            canvasmaker=partial(
                NumberedCanvas,
                page_label=self.texts["page"],
                margin=self.left_margin,
                created_at=created_at,
            ),
        )
        return output.getvalue()

    def _page_header(self, school: SchoolHeader, canvas: Canvas, _document: Any) -> None:
        width, height = self.pagesize
        top = height - 15 * mm
        title = self.texts[self.title_key]
        room = self.frame_width - canvas.stringWidth(title, FONT_BOLD, 11) - 12
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawString(self.left_margin, top, fit(school.name, room, FONT_BOLD, 11))
        canvas.setFont(FONT, 8)
        canvas.drawString(self.left_margin, top - 11, fit(school.address, room, FONT, 8))
        identity = [self.texts["cvr"].format(cvr=school.cvr)] if school.cvr else []
        line = " · ".join([*identity, *([school.contact] if school.contact else [])])
        canvas.drawString(self.left_margin, top - 21, fit(line, self.frame_width, FONT, 8))
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawRightString(width - self.right_margin, top, title)
        canvas.setStrokeGray(0.6)
        canvas.line(self.left_margin, top - 27, width - self.right_margin, top - 27)
        canvas.restoreState()


def escape(text: str) -> str:
    """Text made safe for a Paragraph's markup, with letters the font lacks replaced."""
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
