"""Money as whole øre, Danish formatting and parsing of typed amounts.

Amounts are always `int` øre (100 øre = 1 kr.) so sums never drift the way
binary floats do. Parsing and formatting use only integer and string
arithmetic for the same reason.
"""

from __future__ import annotations

import re

ORE_PER_KR = 100
#: The largest amount the protocol carries: ten billion kroner, far above any real wallet.
MAX_ORE = 10**12
MAX_KR_DIGITS = 12
"""Most digits accepted before the comma; anything longer is a typing accident."""

DEFAULT_FIELD = ("Beløb", "Amount")

_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2007\u2009\t", " "))
_MINUS_SIGNS = ("-", "\u2212", "\u2013")
_WHOLE_KRONER_SUFFIXES = tuple("," + sign for sign in _MINUS_SIGNS)
_NUMBER = re.compile(r"[0-9.,]+")
_DOT_AS_DECIMAL = re.compile(r"[0-9]+\.[0-9]{1,2}")
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_CURRENCY_PREFIX = re.compile(r"kr\.?", re.IGNORECASE | re.ASCII)
_CURRENCY_SUFFIX = re.compile(r"kr\.?\Z", re.IGNORECASE | re.ASCII)


class MoneyError(ValueError):
    """A typed amount was refused.

    `rule` is a stable machine-readable reason for tests and UI logic, one of
    "empty", "not_a_number", "negative", "zero", "too_many_decimals",
    "use_comma", "bad_thousands", "too_large" or "over_maximum".
    `message` (Danish, also `str(error)`) and `message_en` are shown to people.
    """

    def __init__(self, rule: str, message: str, message_en: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.message_en = message_en


def _group_thousands(kroner: int, separator: str) -> str:
    digits = str(kroner)
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


def _format(amount_ore: int, thousands: str, decimal: str) -> str:
    sign = "-" if amount_ore < 0 else ""
    kroner, ore = divmod(abs(amount_ore), ORE_PER_KR)
    return f"{sign}{_group_thousands(kroner, thousands)}{decimal}{ore:02d}"


def format_amount(amount_ore: int) -> str:
    """Format øre the Danish way without a currency suffix: 123450 -> "1.234,50"."""
    return _format(amount_ore, ".", ",")


def format_kr(amount_ore: int) -> str:
    """Format øre the Danish way with a currency suffix: 123450 -> "1.234,50 kr."."""
    return f"{format_amount(amount_ore)} kr."


def format_amount_en(amount_ore: int) -> str:
    """Format øre the English way without a currency suffix: 123450 -> "1,234.50"."""
    return _format(amount_ore, ",", ".")


def format_kr_en(amount_ore: int) -> str:
    """Format øre for English messages: 123450 -> "1,234.50 kr."."""
    return f"{format_amount_en(amount_ore)} kr."


def format_plain(amount_ore: int, decimal: str = ",") -> str:
    """Øre as kroner without thousands separators, exact to the øre.

    With a decimal comma as a Danish spreadsheet reads it (-123450 -> "-1234,50"); with a
    point as XML and ISO 20022 write a decimal (-123450 -> "-1234.50").
    """
    return _format(amount_ore, "", decimal)


_MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("{field}: skriv et beløb", "{field}: enter an amount"),
    "not_a_number": ("{field}: skriv kun tal, fx 12,50", "{field}: enter digits only, e.g. 12,50"),
    "negative": ("{field} må ikke være negativt", "{field} must not be negative"),
    "zero": ("{field} skal være mere end 0,00 kr.", "{field} must be more than 0.00 kr."),
    "too_many_decimals": (
        "{field} må højst have to decimaler",
        "{field} may have at most two decimals",
    ),
    "use_comma": (
        "{field}: brug komma før ører, fx 12,50",
        "{field}: use a comma before øre, e.g. 12,50",
    ),
    "bad_thousands": (
        "{field}: tusindtalspunktum står forkert, fx 1.234,50",
        "{field}: badly placed thousands separator, e.g. 1.234,50",
    ),
    "too_large": (
        f"{{field}} er for stort: højst {MAX_KR_DIGITS} cifre før kommaet",
        f"{{field}} is too large: at most {MAX_KR_DIGITS} digits before the comma",
    ),
    "over_maximum": ("{field} må højst være {limit}", "{field} may be at most {limit}"),
}


def _refuse(
    rule: str,
    field: tuple[str, str],
    max_ore: int = 0,
    reason: tuple[str, str] | None = None,
) -> MoneyError:
    template_da, template_en = _MESSAGES[rule]
    message = template_da.format(field=field[0], limit=format_kr(max_ore))
    message_en = template_en.format(field=field[1], limit=format_kr_en(max_ore))
    if reason is not None:
        message, message_en = f"{message} ({reason[0]})", f"{message_en} ({reason[1]})"
    return MoneyError(rule, message, message_en)


def _strip_currency(text: str) -> str:
    """Remove one "kr"/"kr." (any ASCII letter case) before or after the number."""
    prefix = _CURRENCY_PREFIX.match(text)
    if prefix:
        return text[prefix.end() :].strip()
    suffix = _CURRENCY_SUFFIX.search(text)
    if suffix:
        return text[: suffix.start()].strip()
    return text


def _strip_minus(text: str) -> tuple[bool, str]:
    if text.startswith(_MINUS_SIGNS):
        return True, text[1:].strip()
    return False, text


def _parse_magnitude(text: str, field: tuple[str, str]) -> int:
    """Turn the bare number (no sign, no currency) into øre."""
    if text.endswith(_WHOLE_KRONER_SUFFIXES) and len(text) > 2:
        text = text[:-2] + ",00"
    if not _NUMBER.fullmatch(text) or text.count(",") > 1:
        raise _refuse("not_a_number", field)
    whole, comma, decimals = text.partition(",")
    if (
        "." in decimals
        or (comma and not decimals)
        or not (whole or decimals)
        or whole.startswith(".")
        or whole.endswith(".")
    ):
        raise _refuse("not_a_number", field)
    if "." in whole:
        if not comma and _DOT_AS_DECIMAL.fullmatch(whole):
            raise _refuse("use_comma", field)
        if not _THOUSANDS.fullmatch(whole):
            raise _refuse("bad_thousands", field)
        whole = whole.replace(".", "")
    whole = whole.lstrip("0")
    if len(whole) > MAX_KR_DIGITS:
        raise _refuse("too_large", field)
    if len(decimals) > 2:
        raise _refuse("too_many_decimals", field)
    return int(whole or "0") * ORE_PER_KR + int(decimals.ljust(2, "0"))


#: English messages that show English notation (a point before øre, commas for thousands).
_ENGLISH_NOTATION: dict[str, tuple[str, str]] = {
    "not_a_number": ("not_a_number", "{field}: enter digits only, e.g. 12.50"),
    "use_comma": ("use_point", "{field}: use a point before øre, e.g. 12.50"),
    "bad_thousands": (
        "bad_thousands",
        "{field}: badly placed thousands separator, e.g. 1,234.50",
    ),
    "too_large": (
        "too_large",
        f"{{field}} is too large: at most {MAX_KR_DIGITS} digits before the point",
    ),
}
_SWAP_SEPARATORS = str.maketrans({".": ",", ",": "."})


def parse_kr_en(
    text: str,
    *,
    allow_zero: bool = False,
    max_ore: int | None = None,
    field: tuple[str, str] = DEFAULT_FIELD,
    max_reason: tuple[str, str] | None = None,
) -> int:
    """``parse_kr`` for amounts written the English way: "12.50", "1,234.50"."""
    try:
        return parse_kr(
            text.translate(_SWAP_SEPARATORS),
            allow_zero=allow_zero,
            max_ore=max_ore,
            field=field,
            max_reason=max_reason,
        )
    except MoneyError as error:
        if error.rule not in _ENGLISH_NOTATION:
            raise
        rule, template = _ENGLISH_NOTATION[error.rule]
        raise MoneyError(rule, error.message, template.format(field=field[1])) from None


def parse_kr(
    text: str,
    *,
    allow_zero: bool = False,
    max_ore: int | None = None,
    field: tuple[str, str] = DEFAULT_FIELD,
    max_reason: tuple[str, str] | None = None,
) -> int:
    """Parse an amount typed in Danish notation into øre.

    Accepts "12", "12,5", "1.234,50", "12 kr.", "kr. 12", "12,-" and no-break
    spaces around the number. Refuses anything ambiguous or unsafe with a
    `MoneyError` whose messages name `field` (Danish, English) and the rule
    broken. `max_reason`, if given, is a (Danish, English) explanation appended
    to the over-maximum message, e.g. ("skolens største indbetaling", ...).
    """
    cleaned = text.translate(_SPACES).strip()
    if not cleaned:
        raise _refuse("empty", field)
    negative, cleaned = _strip_minus(cleaned)
    cleaned = _strip_currency(cleaned)
    if not negative:
        negative, cleaned = _strip_minus(cleaned)
    if not cleaned:
        raise _refuse("not_a_number" if negative else "empty", field)
    amount = _parse_magnitude(cleaned, field)
    if negative:  # "-0" too: a minus sign typed is refused as such
        raise _refuse("negative", field)
    return check_range(
        amount,
        allow_zero=allow_zero,
        max_ore=max_ore,
        field=field,
        max_reason=max_reason,
    )


def check_range(
    amount_ore: int,
    *,
    allow_zero: bool = False,
    max_ore: int | None = None,
    field: tuple[str, str] = DEFAULT_FIELD,
    max_reason: tuple[str, str] | None = None,
) -> int:
    """The one rule for an amount's range, which a dialog checks as it is typed and the
    ledger when the command arrives: never negative, more than zero unless ``allow_zero``,
    at most ``max_ore`` when given. Returns the amount; raises ``MoneyError``."""
    if amount_ore < 0:
        raise _refuse("negative", field)
    if amount_ore == 0 and not allow_zero:
        raise _refuse("zero", field)
    if max_ore is not None and amount_ore > max_ore:
        raise _refuse("over_maximum", field, max_ore, max_reason)
    return amount_ore
