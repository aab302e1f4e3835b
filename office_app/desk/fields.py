"""Checks for what a secretary types, with messages that name the field and the rule.

Pure functions, light to import: the dialogs run them on every keystroke.
"""

from __future__ import annotations

import datetime as dt

from office_app.domain.cards import CardNumberError, normalise_card_number
from office_app.domain.money import MAX_ORE, MoneyError, parse_kr
from office_app.i18n import language, tr

BLOCK_REASONS = ("lost", "stolen", "damaged", "other")


class FieldProblem(ValueError):
    """Input the desk refuses, with a message naming the field and the rule."""


def check_amount(text: str, field_key: str, *, max_ore: int, allow_zero: bool = False) -> int:
    """An amount typed in Danish notation, in øre."""
    field = (tr(field_key), tr(field_key))
    try:
        return parse_kr(text, allow_zero=allow_zero, max_ore=max_ore, field=field)
    except MoneyError as error:
        raise FieldProblem(error.message if language() == "da" else error.message_en) from None


def check_cap(text: str) -> int | None:
    """A daily cap: empty means no cap; zero is allowed (the child may buy nothing)."""
    if not text.strip():
        return None
    return check_amount(text, "cap.amount", max_ore=MAX_ORE, allow_zero=True)


def check_card_number(text: str, field_key: str) -> str:
    try:
        return normalise_card_number(text)
    except CardNumberError as error:
        reason = error.message if language() == "da" else error.message_en
        raise FieldProblem(f"{tr(field_key)}: {reason}") from None


def check_date(text: str, field_key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise FieldProblem(tr("statement.bad_date", field=tr(field_key))) from None
