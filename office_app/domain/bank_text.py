"""Text a Danish bank carries on a domestic transfer: the Danish/SEPA character set.

Danish banks take the SEPA set (a-z, A-Z, 0-9 and ``/ - ? : ( ) . , ' +`` and space) and
æ, ø, å for domestic payments; anything else is refused by some bank on the way, or shown as
``?`` on the beneficiary's statement. Letters with accents become their plain letter, a few
signs a near equivalent, and everything else a space.
"""

from __future__ import annotations

import unicodedata

SEPA_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "
)
DANISH_LETTERS = frozenset("æøåÆØÅ")
ALLOWED = SEPA_CHARACTERS | DANISH_LETTERS
#: What a few common signs become; a letter with an accent loses the accent.
NEAR = str.maketrans(
    {
        "&": "+",
        "_": "-",
        "–": "-",
        "—": "-",
        "’": "'",
        "‘": "'",
        "ß": "ss",
        "Ä": "Æ",
        "ä": "æ",
        "Ö": "Ø",
        "ö": "ø",
    }
)


def _plain(character: str) -> str:
    if character in ALLOWED:
        return character
    base = "".join(
        part for part in unicodedata.normalize("NFKD", character) if not unicodedata.combining(part)
    )
    return base if base and all(part in ALLOWED for part in base) else " "


def bank_text(text: str, limit: int) -> str:
    """``text`` in the Danish/SEPA character set, spaces collapsed, at most ``limit`` long."""
    converted = "".join(
        _plain(character) for character in unicodedata.normalize("NFC", text).translate(NEAR)
    )
    return " ".join(converted.split())[:limit].rstrip()


def is_bank_text(text: str) -> bool:
    """True when every character of ``text`` is one a Danish bank carries."""
    return all(character in ALLOWED for character in text)
