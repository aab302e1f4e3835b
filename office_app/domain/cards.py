"""Card numbers as they arrive from a USB card reader or a keyboard.

A card reader acting as a keyboard "types" the number followed by Enter, and
people copy numbers with spaces or dashes. Normalising removes that noise so a
card is found the same way however its number was entered.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

#: Why a person blocks a card: the one list the desk's dialog offers and ``card.block`` accepts.
BlockReason = Literal["lost", "stolen", "damaged", "other"]
BLOCK_REASONS: tuple[str, ...] = get_args(BlockReason)

#: The reason the ledger itself gives when it blocks the cards of a child who leaves the
#: school (``student.leave``); nobody chooses it, so the dialog does not offer it.
LEFT_SCHOOL = "left"

#: Every reason a blocked card may carry.
ALL_BLOCK_REASONS: tuple[str, ...] = (*BLOCK_REASONS, LEFT_SCHOOL)

MIN_DIGITS = 6
MAX_DIGITS = 20

_DIGITS = re.compile(r"[0-9]+")
_DASHES = str.maketrans(dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2212", ""))


class CardNumberError(ValueError):
    """A typed or scanned card number was refused; office_app/i18n words it (``rule_text``).

    `rule` is "empty", "not_digits", "too_short" or "too_long"; `field` is "card_number".
    """

    field = "card_number"

    def __init__(self, rule: str) -> None:
        super().__init__(f"{self.field}: {rule}")
        self.rule = rule


def _compact(text: str) -> str:
    """Drop every whitespace character (including CR/LF and no-break spaces) and dash."""
    return "".join(text.split()).translate(_DASHES)


def normalise_card_number(text: str) -> str:
    """Return the card number's digits, refusing anything that is not 6-20 digits."""
    compact = _compact(text)
    if not compact:
        raise CardNumberError("empty")
    if not _DIGITS.fullmatch(compact):
        raise CardNumberError("not_digits")
    if len(compact) < MIN_DIGITS:
        raise CardNumberError("too_short")
    if len(compact) > MAX_DIGITS:
        raise CardNumberError("too_long")
    return compact


def looks_like_card_number(text: str) -> bool:
    """Tell whether search-box input is a card scan rather than a name.

    True when, after removing whitespace and dashes, only digits remain and there
    are at least 6 of them. Over-long digit strings still count, so the search can
    report them as a bad card number instead of searching names for them.
    """
    compact = _compact(text)
    return len(compact) >= MIN_DIGITS and _DIGITS.fullmatch(compact) is not None
