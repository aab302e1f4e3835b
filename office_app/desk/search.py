"""Finding a child as the secretary types: by any part of a name, by class, or by card number.

The index holds one folded key per child in memory (50,000 children take a few megabytes), so
a keystroke costs a scan of short strings, not a database query; the screen then loads the
few rows it shows.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from office_app.domain.cards import looks_like_card_number

#: Danish letters as people type them without a Danish keyboard.
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_PLAIN = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ß": "s"})
_CLASS = re.compile(r"^\s*(\d{1,2})\s*\.?\s*([a-zA-ZæøåÆØÅ])\s*$")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> tuple[str, str]:
    """Two search forms of ``text``: Danish letters spelled out (ø → oe) and plain (ø → o).

    Both are case-folded with accents removed and spaces collapsed, so "Søren" is found by
    "sør", "soer" and "sor", and "Zoë" by "zoe".
    """
    lowered = " ".join(text.casefold().split())
    return (
        _strip_accents(lowered.translate(_SPELLED_OUT)),
        _strip_accents(lowered.translate(_PLAIN)),
    )


def class_label(text: str) -> str | None:
    """``5b``, ``5 B`` and ``5.B`` all name class ``5.B``; None when ``text`` is no class."""
    found = _CLASS.match(text)
    if found is None:
        return None
    return f"{int(found.group(1))}.{found.group(2).upper()}"


@dataclass(frozen=True)
class IndexedStudent:
    student_id: uuid.UUID
    name: str
    class_label: str
    spelled: str
    plain: str
    cards: tuple[str, ...]


@dataclass(frozen=True)
class SearchHits:
    """The first ``limit`` matching children in name order, and how many matched in all."""

    student_ids: tuple[uuid.UUID, ...]
    total: int


class SearchIndex:
    """Every child of the school with folded search keys, ordered by name."""

    def __init__(self, students: list[tuple[uuid.UUID, str, str, tuple[str, ...]]]) -> None:
        entries = []
        for student_id, name, label, cards in students:
            spelled, plain = fold(name)
            entries.append(IndexedStudent(student_id, name, label, spelled, plain, cards))
        entries.sort(key=lambda entry: (entry.plain, entry.class_label))
        self._entries = entries
        self._by_card = {card: entry for entry in entries for card in entry.cards}

    def __len__(self) -> int:
        return len(self._entries)

    def student_for_card(self, card_number: str) -> uuid.UUID | None:
        entry = self._by_card.get(card_number)
        return entry.student_id if entry else None

    def name_for_card(self, card_number: str) -> str | None:
        entry = self._by_card.get(card_number)
        return entry.name if entry else None

    def search(self, query: str, limit: int = 50) -> SearchHits:
        """Children whose name holds every word of ``query``, or in the class it names, or
        whose card number holds its digits."""
        text = query.strip()
        if not text:
            return SearchHits((), 0)
        label = class_label(text)
        if label is not None:
            return self._collect((e for e in self._entries if e.class_label == label), limit)
        if looks_like_card_number(text) or text.isdigit():
            digits = "".join(c for c in text if c.isdigit())
            return self._collect(
                (e for e in self._entries if any(digits in card for card in e.cards)), limit
            )
        spelled, plain = fold(text)
        spelled_words, plain_words = spelled.split(), plain.split()
        return self._collect(
            (
                entry
                for entry in self._entries
                if all(word in entry.spelled for word in spelled_words)
                or all(word in entry.plain for word in plain_words)
            ),
            limit,
        )

    @staticmethod
    def _collect(matches: Iterable[IndexedStudent], limit: int) -> SearchHits:
        shown: list[uuid.UUID] = []
        total = 0
        for entry in matches:
            total += 1
            if len(shown) < limit:
                shown.append(entry.student_id)
        return SearchHits(tuple(shown), total)
