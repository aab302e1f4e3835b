"""Statements ("kontoudtog") as PDF: one child, a class or a household in one document.

Each child starts on a new page and has its own page numbers ("Side 1 af 2"); a long period
runs over as many pages as it needs, with the table header repeated on each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from office_app.reports.data import Statement, StatementLine
from office_app.reports.document import DocumentRenderer, escape
from office_app.reports.layout import FONT, FONT_BOLD, GroupStart, fit


class StatementRenderer(DocumentRenderer):
    """Lays out statements on A4; geometry here, words in :mod:`office_app.i18n.printed`."""

    title_key = "statement"
    date_width: float = 30 * mm
    amount_width: float = 26 * mm

    @property
    def text_width(self) -> float:
        return self.frame_width - self.date_width - 2 * self.amount_width

    def render(
        self, statements: Statement | Sequence[Statement], created_at: dt.datetime | None = None
    ) -> bytes:
        """The PDF for one statement, or for several with each child on its own pages;
        ``created_at`` goes into the metadata only."""
        batch = [statements] if isinstance(statements, Statement) else list(statements)
        if not batch:
            raise ValueError("statements: give at least one statement")
        story: list[Flowable] = []
        for index, statement in enumerate(batch):
            if index:
                story.append(PageBreakIfNotEmpty())
            story.extend(self.story(statement))
        return self.build(story, batch[0].school, created_at)

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
        if statement.pending_deposits_ore:
            pending = texts["pending_deposits"].format(
                amount=texts.kr(statement.pending_deposits_ore)
            )
            story += [Spacer(0, 3 * mm), Paragraph(pending, self.styles["Name"])]
        if statement.totals:
            story += [Spacer(0, 6 * mm), KeepTogether(self._totals(statement))]
        if statement.declined:
            story += [Spacer(0, 6 * mm), *self._declined(statement)]
        return story

    def _facts(self, statement: Statement, period: str) -> Table:
        texts = self.texts
        name = Paragraph(escape(statement.student_name), self.styles["Name"])
        rows: list[list[object]] = []
        if statement.addressees:
            addressees = texts["and"].join(statement.addressees)
            rows.append([texts["to"], Paragraph(escape(addressees), self.styles["Normal"])])
        rows += [
            [texts["child"], name],
            [texts["class"], fit(statement.class_label, 100 * mm)],
        ]
        if statement.cards:
            cards = ", ".join(
                number if state == "active" else f"{number} ({texts[f'card_state_{state}']})"
                for number, state in statement.cards
            )
            rows.append([texts["cards"], fit(cards, 120 * mm)])
        rows.append([texts["period"], period])
        if statement.issued_on is not None:
            rows.append([texts["issued"], texts.date(statement.issued_on)])
        return self.facts_table(rows)

    def _line_text(self, line: StatementLine) -> str:
        texts = self.texts
        if line.kind == "reversal" and line.reversed_kind and line.reversed_at:
            label = texts.kind(line.reversed_kind)
            text = texts["reversal_of"].format(
                kind=label[:1].lower() + label[1:], date=texts.date(line.reversed_at.date())
            )
        else:
            text = texts.kind(line.kind, line.ledger_text)
        if line.account:
            text = f"{text}, {line.account}"
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
            self.table_style(
                ("FONT", (0, 1), (-1, 1), FONT_BOLD, self.font_size),
                ("FONT", (0, -1), (-1, -1), FONT_BOLD, self.font_size),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ROWBACKGROUNDS", (0, 2), (-1, -2), [None, colors.Color(0.95, 0.95, 0.95)]),
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
        table.setStyle(self.table_style(("ALIGN", (1, 0), (-1, -1), "RIGHT")))
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
        table.setStyle(self.table_style(("ALIGN", (2, 0), (-1, -1), "RIGHT")))
        return [Paragraph(texts["declined_title"], self.styles["Heading"]), table]
