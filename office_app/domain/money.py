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

DEFAULT_FIELD = "amount"

_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2007\u2009\t", " "))
_MINUS_SIGNS = ("-", "\u2212", "\u2013")
_WHOLE_KRONER_SUFFIXES = tuple("," + sign for sign in _MINUS_SIGNS)
_NUMBER = re.compile(r"[0-9.,]+")
_DOT_AS_DECIMAL = re.compile(r"[0-9]+\.[0-9]{1,2}")
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_CURRENCY_PREFIX = re.compile(r"kr\.?", re.IGNORECASE | re.ASCII)
_CURRENCY_SUFFIX = re.compile(r"kr\.?\Z", re.IGNORECASE | re.ASCII)


class MoneyError(ValueError):
    """A typed amount was refused; office_app/i18n words it (``rule_text``).

    `rule` is a stable machine-readable reason, one of "empty", "not_a_number", "negative",
    "zero", "too_many_decimals", "use_comma" ("use_point" when written the English way),
    "bad_thousands", "too_large" or "over_maximum". `field` names the amount as a stable code
    ("amount", "deposit", "fee", ...); `max_ore` and `max_reason` (a code such as
    "school_limit") belong to "over_maximum"; `notation` is how the amount was written,
    "da" (a comma before øre) or "en" (a point).
    """

    def __init__(
        self,
        rule: str,
        field: str = DEFAULT_FIELD,
        *,
        max_ore: int | None = None,
        max_reason: str | None = None,
        notation: str = "da",
    ) -> None:
        super().__init__(f"{field}: {rule}")
        self.rule = rule
        self.field = field
        self.max_ore = max_ore
        self.max_reason = max_reason
        self.notation = notation


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


def _parse_magnitude(text: str, field: str) -> int:
    """Turn the bare number (no sign, no currency) into øre."""
    if text.endswith(_WHOLE_KRONER_SUFFIXES) and len(text) > 2:
        text = text[:-2] + ",00"
    if not _NUMBER.fullmatch(text) or text.count(",") > 1:
        raise MoneyError("not_a_number", field)
    whole, comma, decimals = text.partition(",")
    if (
        "." in decimals
        or (comma and not decimals)
        or not (whole or decimals)
        or whole.startswith(".")
        or whole.endswith(".")
    ):
        raise MoneyError("not_a_number", field)
    if "." in whole:
        if not comma and _DOT_AS_DECIMAL.fullmatch(whole):
            raise MoneyError("use_comma", field)
        if not _THOUSANDS.fullmatch(whole):
            raise MoneyError("bad_thousands", field)
        whole = whole.replace(".", "")
    whole = whole.lstrip("0")
    if len(whole) > MAX_KR_DIGITS:
        raise MoneyError("too_large", field)
    if len(decimals) > 2:
        raise MoneyError("too_many_decimals", field)
    return int(whole or "0") * ORE_PER_KR + int(decimals.ljust(2, "0"))


#: Rules refused in Danish notation that have a name of their own in English notation.
_ENGLISH_RULES = {"use_comma": "use_point"}
_SWAP_SEPARATORS = str.maketrans({".": ",", ",": "."})


def parse_kr_en(
    text: str,
    *,
    allow_zero: bool = False,
    max_ore: int | None = None,
    field: str = DEFAULT_FIELD,
    max_reason: str | None = None,
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
        raise MoneyError(
            _ENGLISH_RULES.get(error.rule, error.rule),
            error.field,
            max_ore=error.max_ore,
            max_reason=error.max_reason,
            notation="en",
        ) from None


def parse_kr(
    text: str,
    *,
    allow_zero: bool = False,
    max_ore: int | None = None,
    field: str = DEFAULT_FIELD,
    max_reason: str | None = None,
) -> int:
    """Parse an amount typed in Danish notation into øre.

    Accepts "12", "12,5", "1.234,50", "12 kr.", "kr. 12", "12,-" and no-break
    spaces around the number. Refuses anything ambiguous or unsafe with a
    `MoneyError` carrying the rule broken, `field` (a code such as "deposit") and,
    for an amount over `max_ore`, `max_reason` (a code such as "school_limit").
    """
    cleaned = text.translate(_SPACES).strip()
    if not cleaned:
        raise MoneyError("empty", field)
    negative, cleaned = _strip_minus(cleaned)
    cleaned = _strip_currency(cleaned)
    if not negative:
        negative, cleaned = _strip_minus(cleaned)
    if not cleaned:
        raise MoneyError("not_a_number" if negative else "empty", field)
    amount = _parse_magnitude(cleaned, field)
    if negative:  # "-0" too: a minus sign typed is refused as such
        raise MoneyError("negative", field)
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
    field: str = DEFAULT_FIELD,
    max_reason: str | None = None,
) -> int:
    """The one rule for an amount's range, which a dialog checks as it is typed and the
    ledger when the command arrives: never negative, more than zero unless ``allow_zero``,
    at most ``max_ore`` when given. Returns the amount; raises ``MoneyError``."""
    if amount_ore < 0:
        raise MoneyError("negative", field)
    if amount_ore == 0 and not allow_zero:
        raise MoneyError("zero", field)
    if max_ore is not None and amount_ore > max_ore:
        raise MoneyError("over_maximum", field, max_ore=max_ore, max_reason=max_reason)
    return amount_ore
