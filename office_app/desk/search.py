"""Finding a child as the secretary types: by any part of the child's name, a guardian's name
or e-mail, the pupil number, a card number, a class, or a name and a class ("oscar 5b").

The index holds folded keys per child in memory (50,000 children take a few megabytes), so
a keystroke costs a scan of short strings, not a database query; the screen then loads the
few rows it shows. Children whose own name matches come first, then those found through a
guardian or the pupil number, each group in name order.
"""

from __future__ import annotations

import heapq
import unicodedata
import uuid
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import NamedTuple

from office_app.domain.cards import looks_like_card_number
from office_app.domain.classes import grade_and_letter

#: Danish letters as people type them without a Danish keyboard.
_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ß": "ss"})
_PLAIN = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ß": "s"})


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
    return grade_and_letter(text)


class IndexRow(NamedTuple):
    """One child as the index knows it."""

    student_id: uuid.UUID
    name: str
    class_label: str
    card_numbers: tuple[str, ...]
    #: What else finds the child: the pupil number, the guardians' names and e-mails.
    people: str = ""


@dataclass(frozen=True)
class SearchHits:
    """The first matching children in name order, and how many matched in all.

    Counting stops at ``COUNT_LIMIT``: ``more`` then says there are more than ``total``.
    """

    student_ids: tuple[uuid.UUID, ...]
    total: int
    more: bool = False


#: Matches counted past the shown page; beyond it the screen says "more than 1,000".
COUNT_LIMIT = 1000


class _Column:
    """One search key of every child, joined into one string so that ``str.find`` (C speed)
    does the scanning; ``starts`` maps a position back to the child's place in name order."""

    def __init__(self, keys: list[str]) -> None:
        self.text = "\n".join(keys)
        self.starts: list[int] = []
        position = 0
        for key in keys:
            self.starts.append(position)
            position += len(key) + 1

    def holders(self, word: str) -> Iterator[int]:
        """The places (in name order) of the children whose key holds ``word``."""
        text, starts = self.text, self.starts
        found = text.find(word)
        while found != -1:
            place = bisect_right(starts, found) - 1
            yield place
            if place + 1 >= len(starts):
                return
            found = text.find(word, starts[place + 1])


class SearchIndex:
    """Every child of the school with folded search keys, ordered by name.

    Kept as flat lists of strings: a few objects for the garbage collector to walk instead of
    one per child, so a school of 50,000 adds no pauses to typing.
    """

    def __init__(self, students: Iterable[IndexRow]) -> None:
        keyed = []
        for student_id, name, label, cards, people in students:
            spelled, plain = fold(name)
            spelled_people, plain_people = fold(people)
            keyed.append(
                (
                    plain,
                    label,
                    spelled,
                    name,
                    str(student_id),
                    " ".join(cards),
                    spelled_people,
                    plain_people,
                )
            )
        keyed.sort()
        self._plain_keys = [row[0] for row in keyed]
        self._labels = [row[1] for row in keyed]
        self._spelled_keys = [row[2] for row in keyed]
        self._names = [row[3] for row in keyed]
        self._ids = [row[4] for row in keyed]
        self._by_card = {card: place for place, row in enumerate(keyed) for card in row[5].split()}
        self._by_class: dict[str, list[int]] = {}
        for place, label in enumerate(self._labels):
            self._by_class.setdefault(label, []).append(place)
        #: A school's own class names (``bh.A``, ``M1``) as typed in any case.
        self._class_names = {label.casefold(): label for label in self._by_class}
        self._spelled_people = [row[6] for row in keyed]
        self._plain_people = [row[7] for row in keyed]
        self._spelled = _Column(self._spelled_keys)
        self._plain = _Column(self._plain_keys)
        self._spelled_others = _Column(self._spelled_people)
        self._plain_others = _Column(self._plain_people)
        self._cards = _Column([row[5] for row in keyed])

    def __len__(self) -> int:
        return len(self._ids)

    def student_for_card(self, card_number: str) -> uuid.UUID | None:
        place = self._by_card.get(card_number)
        return None if place is None else uuid.UUID(self._ids[place])

    def name_for_card(self, card_number: str) -> str | None:
        place = self._by_card.get(card_number)
        return None if place is None else self._names[place]

    def _class_of(self, text: str) -> str | None:
        """The class ``text`` names (``5b``, ``5.B``, a school's own ``bh.A``), if any."""
        return class_label(text) or self._class_names.get(" ".join(text.split()).casefold())

    def search(self, query: str, limit: int = 50) -> SearchHits:
        """Children in the class ``query`` names; or whose card number or pupil number holds
        its digits; or whose name, guardians or pupil number hold every word, where a word
        that names a class keeps to that class."""
        text = query.strip()
        if not text:
            return SearchHits((), 0)
        label = self._class_of(text)
        if label is not None:
            return self._collect(iter(self._by_class.get(label, [])), limit)
        if looks_like_card_number(text) or text.isdigit():
            digits = "".join(c for c in text if c.isdigit())
            return self._collect(
                _unique(heapq.merge(self._cards.holders(digits), self._people_holders(digits))),
                limit,
            )
        words = text.split()
        classes = {found for word in words if (found := self._class_of(word)) is not None}
        if classes and len(classes) < len(words):
            named = [word for word in words if self._class_of(word) is None]
            spelled, plain = fold(" ".join(named))
            places = sorted(place for found in classes for place in self._by_class.get(found, []))
            spelled_words, plain_words = spelled.split(), plain.split()
            in_name = [
                place
                for place in places
                if all(word in self._spelled_keys[place] for word in spelled_words)
                or all(word in self._plain_keys[place] for word in plain_words)
            ]
            return self._collect(
                chain(
                    in_name,
                    self._through_people(iter(places), set(in_name), spelled_words, plain_words),
                ),
                limit,
            )
        spelled, plain = fold(text)
        return self._collect(self._matching(spelled.split(), plain.split()), limit)

    def _people_holders(self, word: str) -> Iterator[int]:
        return _unique(
            heapq.merge(self._spelled_others.holders(word), self._plain_others.holders(word))
        )

    def _rarest(self, spelled_words: list[str], plain_words: list[str]) -> tuple[str, str]:
        """The word (spelled out, plain) found least often: the fewest candidates to check."""
        pairs = list(zip(spelled_words, plain_words, strict=False))
        if len(pairs) == 1:
            return pairs[0]
        return min(
            pairs,
            key=lambda pair: (
                self._spelled.text.count(pair[0]) + self._spelled_others.text.count(pair[0])
            ),
        )

    def _matching(self, spelled_words: list[str], plain_words: list[str]) -> Iterator[int]:
        """Places, in order, of the children whose own name holds every word; then of those
        whose name, guardians and pupil number together hold every word."""
        rare_spelled, rare_plain = self._rarest(spelled_words, plain_words)
        spelled_keys, plain_keys = self._spelled_keys, self._plain_keys
        named: set[int] = set()
        for place in _unique(
            heapq.merge(self._spelled.holders(rare_spelled), self._plain.holders(rare_plain))
        ):
            if all(word in spelled_keys[place] for word in spelled_words) or all(
                word in plain_keys[place] for word in plain_words
            ):
                named.add(place)
                yield place
        # A child found through the people around it has one of the words there: the word
        # the guardians and pupil numbers hold least often gives the fewest to check.
        people_spelled, people_plain = min(
            zip(spelled_words, plain_words, strict=False),
            key=lambda pair: self._spelled_others.text.count(pair[0]),
        )
        yield from self._through_people(
            _unique(
                heapq.merge(
                    self._spelled_others.holders(people_spelled),
                    self._plain_others.holders(people_plain),
                )
            ),
            named,
            spelled_words,
            plain_words,
        )

    def _through_people(
        self,
        candidates: Iterator[int],
        named: set[int],
        spelled_words: list[str],
        plain_words: list[str],
    ) -> Iterator[int]:
        """The candidates not in ``named`` whose name or people hold each word."""
        for place in candidates:
            if place in named:
                continue
            spelled, spelled_people = self._spelled_keys[place], self._spelled_people[place]
            plain, plain_people = self._plain_keys[place], self._plain_people[place]
            if all(word in spelled or word in spelled_people for word in spelled_words) or all(
                word in plain or word in plain_people for word in plain_words
            ):
                yield place

    def _collect(self, places: Iterator[int], limit: int) -> SearchHits:
        shown: list[uuid.UUID] = []
        total = 0
        for place in places:
            if total == limit + COUNT_LIMIT:
                return SearchHits(tuple(shown), total, more=True)
            total += 1
            if len(shown) < limit:
                shown.append(uuid.UUID(self._ids[place]))
        return SearchHits(tuple(shown), total)


def _unique(places: Iterator[int]) -> Iterator[int]:
    """Ascending places with repeats dropped."""
    last = -1
    for place in places:
        if place != last:
            last = place
            yield place
