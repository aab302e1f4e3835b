"""What every printed document shares: fonts, the numbered canvas and text that must fit.

Fonts are Bitstream Vera, which ships inside ReportLab, so æøå (and most Latin letters in
children's names) print on any machine. Documents are made in ReportLab's invariant mode, so
the same data gives the same pages and a reprint matches the original; only the metadata
carries the moment it was made.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from typing_extensions import override

from office_app.domain.localtime import LOCAL

FONT = "OfficeVera"
FONT_BOLD = "OfficeVera-Bold"
ELLIPSIS = "…"


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    face: Any = pdfmetrics.getFont(FONT).face
    return frozenset(face.charToGlyph)


def printable(text: str) -> str:
    """``text`` with every letter the font lacks replaced by its plain base letter (or ?)."""
    covered = _covered()
    if all(ord(char) in covered for char in text):
        return text
    result = []
    for char in text:
        if ord(char) in covered:
            result.append(char)
            continue
        base = "".join(
            part
            for part in unicodedata.normalize("NFKD", char)
            if ord(part) in covered and not unicodedata.combining(part)
        )
        result.append(base or "?")
    return "".join(result)


def fit(text: str, width: float, font: str = FONT, size: float = 9) -> str:
    """``text`` made printable, cut with an ellipsis so that it is at most ``width`` wide."""
    text = printable(text)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle].rstrip() + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


class GroupStart(Flowable):  # type: ignore[misc]
    """Marks where one child's (or one document's) pages begin; it draws nothing.

    ``footer`` is the text printed at the foot of every page of the group.
    """

    def __init__(self, footer: str) -> None:
        super().__init__()
        self.footer = footer
        self.width = self.height = 0

    @override
    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.begin_group(self.footer)


def pdf_date(moment: dt.datetime) -> str:
    """A PDF date in local Danish time with its offset: D:20261124140503+01'00'."""
    local = moment.astimezone(LOCAL)
    offset_minutes = int((local.utcoffset() or dt.timedelta()).total_seconds()) // 60
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"D:{local:%Y%m%d%H%M%S}{sign}{hours:02d}'{minutes:02d}'"


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Numbers pages per group ("Side 2 af 3") once the whole document is laid out.

    Made in ReportLab's invariant mode, so the same data gives the same pages; a document's
    real creation time, when given, goes only into its metadata (CreationDate, ModDate).

    Each finished page's state is kept until ``save``, when the group sizes are known; the
    footer and page number are then drawn on each page before it is written.
    """

    def __init__(
        self,
        *args: Any,
        page_label: str = "Side {number} af {count}",
        margin: float = 18 * mm,
        created_at: dt.datetime | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["invariant"] = 1
        super().__init__(*args, **kwargs)
        if created_at is not None:
            stamp = pdf_date(created_at)
            self.setDateFormatter(lambda *_date: stamp)
        self.page_label = page_label
        self.margin = margin
        self._pages: list[dict[str, Any]] = []
        self._groups: list[int] = []
        self._footers: list[str] = []
        self._page_group = -1

    def begin_group(self, footer: str) -> None:
        self._footers.append(footer)
        self._page_group = len(self._footers) - 1

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._groups.append(self._page_group)
        self._startPage()

    def save(self) -> None:
        sizes: dict[int, int] = {}
        for group in self._groups:
            sizes[group] = sizes.get(group, 0) + 1
        seen: dict[int, int] = {}
        for state, group in zip(self._pages, self._groups, strict=True):
            self.__dict__.update(state)
            seen[group] = seen.get(group, 0) + 1
            footer = self._footers[group] if group >= 0 else ""
            self.draw_footer(footer, seen[group], sizes[group])
            super().showPage()
        super().save()

    def draw_footer(self, footer: str, number: int, count: int) -> None:
        width, _height = self._pagesize
        label = self.page_label.format(number=number, count=count)
        self.setFont(FONT, 8)
        self.setFillGray(0.3)
        label_width = pdfmetrics.stringWidth(label, FONT, 8)
        self.drawRightString(width - self.margin, 12 * mm, label)
        room = width - 2 * self.margin - label_width - 12
        self.drawString(self.margin, 12 * mm, fit(footer, room, FONT, 8))
