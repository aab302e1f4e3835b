"""The domain's refusals in words: an amount, a bank account detail, a card number.

The domain says which rule a value broke, for which field, with what limit (``MoneyError``,
``BankAccountError``, ``CardNumberError``); this module says it to a person in Danish or
English, and to the ledger's protocol in English. A rule's text for one field
(``rule.iban.checksum``) comes before the text its kind of value shares
(``rule.bank.checksum``); an amount written the English way reads its examples with a point
(``rule.amount.not_a_number.point``).
"""

from __future__ import annotations

from office_app.domain.bank import (
    ACCOUNT_NO_MAX_DIGITS,
    DK_IBAN_LENGTH,
    REG_NO_DIGITS,
    BankAccountError,
)
from office_app.domain.cards import MAX_DIGITS, MIN_DIGITS, CardNumberError
from office_app.domain.money import MAX_KR_DIGITS, MoneyError, format_kr, format_kr_en

#: A refusal ``rule_text`` words.
RuleError = MoneyError | BankAccountError | CardNumberError

_FIELDS: dict[str, tuple[str, str]] = {
    "rule.field.amount": ("Beløb", "Amount"),
    "rule.field.deposit": ("Indbetaling", "Deposit"),
    "rule.field.purchase": ("Køb", "Purchase"),
    "rule.field.payout": ("Udbetaling", "Payout"),
    "rule.field.transfer": ("Overførsel", "Transfer"),
    "rule.field.daily_cap": ("Dagligt maks", "Daily cap"),
    "rule.field.fee": ("Gebyr", "Fee"),
    "rule.field.reg_no": ("Registreringsnummer", "Registration number"),
    "rule.field.account_no": ("Kontonummer", "Account number"),
    "rule.field.iban": ("IBAN", "IBAN"),
    "rule.field.card_number": ("Kortnummer", "Card number"),
}

_REASONS: dict[str, tuple[str, str]] = {
    "rule.reason.school_limit": ("skolens grænse", "the school's limit"),
    "rule.reason.school_fee": ("skolens gebyr", "the school's fee"),
}

_AMOUNT: dict[str, tuple[str, str]] = {
    "rule.amount.empty": ("{field}: skriv et beløb", "{field}: enter an amount"),
    "rule.amount.not_a_number": (
        "{field}: skriv kun tal, fx 12,50",
        "{field}: enter digits only, e.g. 12,50",
    ),
    "rule.amount.not_a_number.point": (
        "{field}: skriv kun tal, fx 12,50",
        "{field}: enter digits only, e.g. 12.50",
    ),
    "rule.amount.negative": ("{field} må ikke være negativt", "{field} must not be negative"),
    "rule.amount.zero": (
        "{field} skal være mere end 0,00 kr.",
        "{field} must be more than 0.00 kr.",
    ),
    "rule.amount.too_many_decimals": (
        "{field} må højst have to decimaler",
        "{field} may have at most two decimals",
    ),
    "rule.amount.use_comma": (
        "{field}: brug komma før ører, fx 12,50",
        "{field}: use a comma before øre, e.g. 12,50",
    ),
    "rule.amount.use_point": (
        "{field}: brug komma før ører, fx 12,50",
        "{field}: use a point before øre, e.g. 12.50",
    ),
    "rule.amount.bad_thousands": (
        "{field}: tusindtalspunktum står forkert, fx 1.234,50",
        "{field}: badly placed thousands separator, e.g. 1.234,50",
    ),
    "rule.amount.bad_thousands.point": (
        "{field}: tusindtalspunktum står forkert, fx 1.234,50",
        "{field}: badly placed thousands separator, e.g. 1,234.50",
    ),
    "rule.amount.too_large": (
        "{field} er for stort: højst {kr_digits} cifre før kommaet",
        "{field} is too large: at most {kr_digits} digits before the comma",
    ),
    "rule.amount.too_large.point": (
        "{field} er for stort: højst {kr_digits} cifre før kommaet",
        "{field} is too large: at most {kr_digits} digits before the point",
    ),
    "rule.amount.over_maximum": ("{field} må højst være {limit}", "{field} may be at most {limit}"),
}

_BANK: dict[str, tuple[str, str]] = {
    "rule.bank.empty": ("{field}: skriv et nummer", "{field}: enter a number"),
    "rule.bank.not_digits": ("{field} må kun indeholde tal", "{field} may contain digits only"),
    "rule.bank.wrong_length": (
        "{field} skal være præcis {reg_digits} cifre",
        "{field} must be exactly {reg_digits} digits",
    ),
    "rule.bank.too_long": (
        "{field} må højst have {account_digits} cifre",
        "{field} may have at most {account_digits} digits",
    ),
    "rule.bank.zero": (
        "{field} kan ikke være nul: intet pengeinstitut har det nummer",
        "{field} cannot be zero: no bank has that number",
    ),
    "rule.iban.not_digits": (
        "{field} må kun indeholde tal efter DK",
        "{field} may contain only digits after DK",
    ),
    "rule.iban.wrong_length": (
        "{field} skal være præcis {iban_length} tegn (DK og 16 cifre)",
        "{field} must be exactly {iban_length} characters (DK and 16 digits)",
    ),
    "rule.iban.wrong_country": (
        "{field} skal være dansk og starte med DK",
        "{field} must be Danish and start with DK",
    ),
    "rule.iban.checksum": (
        "{field}: kontrolcifrene passer ikke, tjek for tastefejl",
        "{field}: the check digits do not match, look for a typing error",
    ),
}

_CARD_NUMBER: dict[str, tuple[str, str]] = {
    "rule.card_number.empty": (
        "{field}: skriv eller scan et kortnummer",
        "{field}: type or scan a card number",
    ),
    "rule.card_number.not_digits": (
        "{field} må kun indeholde tal",
        "{field} may contain digits only",
    ),
    "rule.card_number.too_short": (
        "{field} skal have mindst {card_min_digits} cifre",
        "{field} must have at least {card_min_digits} digits",
    ),
    "rule.card_number.too_long": (
        "{field} må højst have {card_max_digits} cifre",
        "{field} may have at most {card_max_digits} digits",
    ),
}

RULE_TEXTS: dict[str, tuple[str, str]] = {**_FIELDS, **_REASONS, **_AMOUNT, **_BANK, **_CARD_NUMBER}

#: The domain's limits a rule's text may name.
_LIMITS = {
    "kr_digits": MAX_KR_DIGITS,
    "reg_digits": REG_NO_DIGITS,
    "account_digits": ACCOUNT_NO_MAX_DIGITS,
    "iban_length": DK_IBAN_LENGTH,
    "card_min_digits": MIN_DIGITS,
    "card_max_digits": MAX_DIGITS,
}


def _words(key: str, language: str) -> str:
    danish, english = RULE_TEXTS[key]
    return english if language == "en" else danish


def _rule_key(error: RuleError) -> str:
    kind = {MoneyError: "amount", BankAccountError: "bank", CardNumberError: "card_number"}
    candidates = [f"rule.{error.field}.{error.rule}", f"rule.{kind[type(error)]}.{error.rule}"]
    if isinstance(error, MoneyError) and error.notation == "en":
        candidates = [f"{key}.point" for key in candidates] + candidates
    return next(key for key in candidates if key in RULE_TEXTS)


def rule_text(error: RuleError, language: str, *, field_name: str | None = None) -> str:
    """The refusal said in ``language`` ("da" or "en"), naming its field and its rule.

    ``field_name`` names the field as the caller shows it (a dialog's label, a command-line
    option) instead of the field's own name.
    """
    if field_name is None:
        field_name = _words(f"rule.field.{error.field}", language)
    limit = ""
    if isinstance(error, MoneyError) and error.max_ore is not None:
        limit = format_kr_en(error.max_ore) if language == "en" else format_kr(error.max_ore)
    text = _words(_rule_key(error), language).format(field=field_name, limit=limit, **_LIMITS)
    if isinstance(error, MoneyError) and error.max_reason is not None:
        text = f"{text} ({_words(f'rule.reason.{error.max_reason}', language)})"
    return text
