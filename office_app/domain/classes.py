"""Class names as schools write them, one rule for the office and the ledger.

A grade and a letter (``5b``, ``5 B``, ``5.B``) is written ``5.B``; every other name a school
uses (``bh.A``, ``M1``, ``S1``, ``7.-9. H``) is kept as the school wrote it, with its spaces
tidied.
"""

from __future__ import annotations

import re

MAX_CLASS_LABEL = 16
_GRADE_AND_LETTER = re.compile(r"^\s*(\d{1,2})\s*\.?\s*([A-Za-zÆØÅæøå])\s*$")


class ClassLabelError(ValueError):
    """A class name that cannot be stored; ``rule`` is "empty", "too_long" or "control"."""

    def __init__(self, rule: str) -> None:
        super().__init__(rule)
        self.rule = rule


def grade_and_letter(text: str) -> str | None:
    """``5b``, ``5 B`` and ``5.B`` all name class ``5.B``; None for text of another form."""
    found = _GRADE_AND_LETTER.match(text)
    if found is None:
        return None
    return f"{int(found.group(1))}.{found.group(2).upper()}"


def normalise_class_label(text: str) -> str:
    """The class name to store: ``5.B`` for a grade and a letter, else the school's own name."""
    if any(ord(character) < 32 for character in text):
        raise ClassLabelError("control")
    label = grade_and_letter(text) or " ".join(text.split())
    if not label:
        raise ClassLabelError("empty")
    if len(label) > MAX_CLASS_LABEL:
        raise ClassLabelError("too_long")
    return label


def class_from_parts(grade: str, track: str) -> str:
    """A class from a grade (Klassetrin) and a track (Hovedgruppe, Spor): ``5`` and ``B``
    give ``5.B``, ``bh`` and ``A`` give ``bh.A``, ``7.-9.`` and ``H`` give ``7.-9. H``."""
    grade, track = " ".join(grade.split()), " ".join(track.split())
    if not grade or not track:
        return grade or track
    if grade.endswith("."):
        return f"{grade} {track}"
    return f"{grade}.{track}"
