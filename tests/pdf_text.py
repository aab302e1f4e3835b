"""Reading printed PDFs back in tests: the text of each page, and where each piece of text sits."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from office_app.reports.layout import FONT, FONT_BOLD, register_fonts


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_lines(pdf: bytes) -> list[list[str]]:
    return [[line.strip() for line in text.splitlines()] for text in page_texts(pdf)]


@dataclass(frozen=True)
class TextRun:
    """One piece of text as drawn: its left edge, baseline and right edge in points."""

    page: int
    left: float
    baseline: float
    right: float
    text: str


def text_runs(pdf: bytes) -> list[TextRun]:
    register_fonts()
    runs: list[TextRun] = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(
            text: str,
            cm: Any,
            tm: Any,
            font: Any,
            size: float,
            page_number: int = number,
        ) -> None:
            text = text.strip()
            if not text:
                return
            base = str((font or {}).get("/BaseFont", ""))
            name = FONT_BOLD if "Bold" in base or "Bd" in base else FONT
            left = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            width = stringWidth(text, name, size) * cm[0]
            runs.append(TextRun(page_number, left, baseline, left + width, text))

        page.extract_text(visitor_text=visit)
    return runs
