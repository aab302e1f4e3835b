"""The subject-access report as PDF: everything held about one child, section by section.

Made from the plain data of ``ledger.subject_access`` (the JSON a parent may also get);
words from :mod:`office_app.i18n.privacy`, Danish by default.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from office_app.i18n import TEXTS
from office_app.i18n.privacy import SUBJECT_ACCESS_WORDS
from office_app.reports.data import SchoolHeader
from office_app.reports.document import DocumentRenderer, escape


class SubjectAccessRenderer(DocumentRenderer):
    """Lays out the report on A4: facts about the child, then one table per kind of record."""

    title_key = "subject_access"

    def action(self, command_type: str) -> str:
        """A command or event type as the audit log names it, in the report's language."""
        pair = TEXTS.get(f"audit.type.{command_type}")
        if pair is None:
            return command_type
        return pair[0] if self.texts.language == "da" else pair[1]

    def movement(self, kind: str, text: str) -> str:
        label = self.texts.kinds.get(kind)
        return f"{label} · {text}" if label and text else label or text or kind

    def word(self, key: str, **values: object) -> str:
        danish, english = SUBJECT_ACCESS_WORDS[key]
        text = danish if self.texts.language == "da" else english
        return text.format(**values) if values else text

    def render(self, report: dict[str, Any]) -> bytes:
        school = SchoolHeader(report["school"]["name"], report["school"]["address"] or "")
        return self.build(self.story(report), school)

    def _moment(self, value: str | None) -> str:
        return self.texts.moment(dt.datetime.fromisoformat(value)) if value else ""

    def _kr(self, amount_ore: int | None) -> str:
        return self.texts.amount(amount_ore) if amount_ore is not None else ""

    def _cell(self, value: object) -> Paragraph:
        return Paragraph(escape(str(value if value is not None else "")), self.styles["Normal"])

    def _section(
        self, title: str, header: list[str], rows: list[list[object]], widths: list[float]
    ) -> list[Flowable]:
        story: list[Flowable] = [
            Spacer(0, 5 * mm),
            Paragraph(escape(title), self.styles["Heading"]),
        ]
        if not rows:
            return [*story, Paragraph(self.word("none"), self.styles["Normal"])]
        scale = self.frame_width / sum(widths)
        table = Table(
            [header, *[[self._cell(value) for value in row] for row in rows]],
            colWidths=[width * scale for width in widths],
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(self.table_style(("VALIGN", (0, 0), (-1, -1), "TOP")))
        return [*story, table]

    def story(self, report: dict[str, Any]) -> list[Flowable]:
        student, w = report["student"], self.word
        generated = self._moment(report["generated_at"])
        status = w(f"status.{student['status']}") if student["status"] in ("active", "left") else ""
        facts = [
            [w("name"), self._cell(student["name"])],
            [w("reference"), self._cell(student["external_ref"])],
            [w("class"), self._cell(student["class_label"])],
            [w("status"), self._cell(status)],
            [w("created"), self._moment(student["created_at"])],
            [w("left"), self._moment(student["left_at"])],
            [w("anonymised"), self._moment(student["anonymised_at"])],
            [w("balance"), self.texts.kr(report["wallet"]["balance_ore"])],
        ]
        story: list[Flowable] = [
            Paragraph(
                escape(w("title", name=student["name"] or student["id"])), self.styles["Big"]
            ),
            Spacer(0, 2 * mm),
            Paragraph(escape(w("intro", date=generated)), self.styles["Normal"]),
            Spacer(0, 4 * mm),
            Paragraph(w("child"), self.styles["Heading"]),
            self.facts_table(facts, label_width=34 * mm),
        ]
        story += self._people_and_cards(report)
        story += self._money(report)
        story += self._log(report)
        return story

    def _people_and_cards(self, report: dict[str, Any]) -> list[Flowable]:
        w, cap = self.word, report["daily_cap"]
        cap_text = (
            w("no_cap")
            if not cap or cap["daily_cap_ore"] is None
            else self.texts.kr(cap["daily_cap_ore"])
        )
        return [
            *self._section(
                w("guardians"),
                [w("name"), w("email")],
                [[g["name"], g["email"]] for g in report["guardians"]],
                [1, 1],
            ),
            *self._section(
                w("cards"),
                [w("card"), w("status"), w("issued"), w("changed"), w("replaced_by")],
                [
                    [
                        c["card_number"],
                        c["status"],
                        self._moment(c["issued_at"]),
                        self._moment(c["status_changed_at"]),
                        c["replaced_by"] or "",
                    ]
                    for c in report["cards"]
                ],
                [3, 2, 3, 3, 3],
            ),
            *self._section(
                w("card_events"),
                [w("date"), w("card"), w("event"), w("reason"), w("staff")],
                [
                    [
                        self._moment(e["occurred_at"]),
                        e["card_number"],
                        e["event"],
                        e["reason"] or "",
                        e["staff"] or "",
                    ]
                    for e in report["card_events"]
                ],
                [3, 3, 2, 4, 2],
            ),
            *self._section(
                w("cap"),
                [w("cap"), w("changed"), w("staff")],
                [[cap_text, self._moment(cap["set_at"]) if cap else "", (cap or {}).get("set_by")]],
                [2, 2, 2],
            ),
            *self._section(
                w("spend"),
                [w("day"), w("spent")],
                [[s["day"], self._kr(s["spent_ore"])] for s in report["daily_spend"]],
                [1, 1],
            ),
        ]

    def _money(self, report: dict[str, Any]) -> list[Flowable]:
        w = self.word
        return [
            *self._section(
                w("agreements"),
                [w("created"), w("amount"), w("reference_payment"), w("status")],
                [
                    [
                        self._moment(a["created_at"]),
                        self._kr(a["amount_ore"]),
                        a["payment_ref"],
                        a["status"],
                    ]
                    for a in report["agreements"]
                ],
                [3, 2, 4, 2],
            ),
            *self._section(
                w("payouts"),
                [w("date"), w("amount"), w("holder"), w("account"), w("message"), w("status")],
                [
                    [
                        self._moment(p["requested_at"]),
                        self._kr(p["amount_ore"]),
                        p["holder_name"],
                        f"{p['reg_no']} {p['account_no']}",
                        p["message"],
                        p["status"],
                    ]
                    for p in report["payouts"]
                ],
                [3, 2, 3, 3, 3, 2],
            ),
            *self._section(
                w("movements"),
                [w("date"), w("text"), w("amount"), w("balance")],
                [
                    [
                        self._moment(m["posted_at"]),
                        self.movement(m["kind"], m["text"])
                        + ("" if m["amount_ore"] is not None else f" {w('not_on_wallet')}"),
                        self._kr(m["amount_ore"]),
                        self._kr(m["balance_after_ore"]),
                    ]
                    for m in report["movements"]
                ],
                [3, 8, 2, 2],
            ),
            *self._section(
                w("reversals"),
                [w("date"), w("reason"), w("status"), w("staff")],
                [
                    [self._moment(r["requested_at"]), r["reason"], r["status"], r["requested_by"]]
                    for r in report["reversals"]
                ],
                [3, 6, 2, 2],
            ),
            *self._section(
                w("declined"),
                [w("date"), w("card"), w("amount"), w("reason")],
                [
                    [
                        self._moment(d["occurred_at"]),
                        d["card_number"],
                        self._kr(d["amount_ore"]),
                        self.texts.declined.get(d["code"], d["code"]),
                    ]
                    for d in report["declined_purchases"]
                ],
                [3, 3, 2, 5],
            ),
        ]

    def _log(self, report: dict[str, Any]) -> list[Flowable]:
        w = self.word
        return [
            *self._section(
                w("commands"),
                [w("date"), w("action"), w("outcome"), w("staff"), w("device")],
                [
                    [
                        self._moment(c["received_at"]),
                        self.action(c["type"]),
                        f"{c['status']}: {c['message']}",
                        c["staff"] or "",
                        c["device"],
                    ]
                    for c in report["commands"]
                ],
                [3, 3.5, 6.5, 2.5, 2.5],
            ),
            *self._section(
                w("audit"),
                [w("date"), w("action"), w("staff"), w("device"), w("details")],
                [
                    [
                        self._moment(e["occurred_at"]),
                        self.action(e["action"]),
                        e["staff"] or "",
                        e["device"],
                        json.dumps(e["details"], ensure_ascii=False, sort_keys=True),
                    ]
                    for e in report["audit_events"]
                ],
                [3, 3, 2, 3, 6],
            ),
        ]
