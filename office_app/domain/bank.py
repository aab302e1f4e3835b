"""Danish bank account numbers for payouts: registration number, account number, IBAN.

Refunds leave the school by bank transfer, so a mistyped account must be caught
before money is sent. IBANs carry an ISO 13616 MOD-97 checksum that catches every
single mistyped digit; plain registration and account numbers can only be checked
for shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REG_NO_DIGITS = 4
ACCOUNT_NO_MAX_DIGITS = 10
DK_IBAN_LENGTH = 18

_DIGITS = re.compile(r"[0-9]+")
_DASHES = str.maketrans(dict.fromkeys("-\u2010\u2011\u2012\u2013\u2014\u2212", ""))


class BankAccountError(ValueError):
    """A typed bank account detail was refused; office_app/i18n words it (``rule_text``).

    `field` is "reg_no", "account_no" or "iban"; `rule` is a stable reason:
    "empty", "not_digits", "wrong_length" (reg. no. and IBAN), "too_long"
    (account no.), "zero" (reg. no. 0000, account no. of only zeros), "wrong_country" or
    "checksum" (IBAN).
    """

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule


def _without_whitespace(text: str) -> str:
    return "".join(text.split())


def validate_reg_no(text: str) -> str:
    """Return the 4-digit registration number, with any spaces removed."""
    compact = _without_whitespace(text)
    if not compact:
        raise BankAccountError("reg_no", "empty")
    if not _DIGITS.fullmatch(compact):
        raise BankAccountError("reg_no", "not_digits")
    if len(compact) != REG_NO_DIGITS:
        raise BankAccountError("reg_no", "wrong_length")
    if int(compact) == 0:
        raise BankAccountError("reg_no", "zero")
    return compact


def validate_account_no(text: str) -> str:
    """Return the account number's 1-10 digits as typed, without spaces or dashes.

    No zero-padding is added: the digits are returned exactly as the person typed
    them so a receipt shows what they recognise.
    """
    compact = _without_whitespace(text).translate(_DASHES)
    if not compact:
        raise BankAccountError("account_no", "empty")
    if not _DIGITS.fullmatch(compact):
        raise BankAccountError("account_no", "not_digits")
    if len(compact) > ACCOUNT_NO_MAX_DIGITS:
        raise BankAccountError("account_no", "too_long")
    if int(compact) == 0:
        raise BankAccountError("account_no", "zero")
    return compact


def _mod97(compact_iban: str) -> int:
    """ISO 13616 remainder: move the first four characters last, letters become 10-35."""
    rearranged = compact_iban[4:] + compact_iban[:4]
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return int(numeric) % 97


def iban_check_digits(country: str, bban: str) -> str:
    """Compute the two ISO 13616 check digits for a country code and a BBAN."""
    return f"{98 - _mod97(country + '00' + bban):02d}"


def validate_iban(text: str) -> str:
    """Return a Danish IBAN in compact upper-case form after checking its MOD-97 sum.

    Spaces are ignored and lower case is accepted, so "dk50 0040 0440 1162 43"
    gives "DK5000400440116243".
    """
    compact = _without_whitespace(text).upper()
    if not compact:
        raise BankAccountError("iban", "empty")
    if not compact.startswith("DK"):
        raise BankAccountError("iban", "wrong_country")
    if len(compact) > 2 and not _DIGITS.fullmatch(compact[2:]):
        raise BankAccountError("iban", "not_digits")
    if len(compact) != DK_IBAN_LENGTH:
        raise BankAccountError("iban", "wrong_length")
    if _mod97(compact) != 1:
        raise BankAccountError("iban", "checksum")
    return compact


@dataclass(frozen=True)
class DanishAccount:
    """A Danish account as a bank identifies it: 4-digit reg. no. and account no.

    Both parts are validated on creation, so an instance is always well formed.
    """

    reg_no: str
    account_no: str

    def __post_init__(self) -> None:
        if validate_reg_no(self.reg_no) != self.reg_no:
            raise BankAccountError("reg_no", "not_digits")
        if validate_account_no(self.account_no) != self.account_no:
            raise BankAccountError("account_no", "not_digits")


def iban_to_account(iban: str) -> DanishAccount:
    """Split a Danish IBAN (DKkk + 4-digit reg. no. + 10-digit account no.) into its parts.

    The account number keeps the IBAN's leading zeros, always 10 digits.
    """
    compact = validate_iban(iban)
    return DanishAccount(reg_no=validate_reg_no(compact[4:8]), account_no=compact[8:])


def account_to_iban(account: DanishAccount) -> str:
    """Build the Danish IBAN for an account, zero-padding the account number to 10 digits."""
    domestic = bban(account)
    return "DK" + iban_check_digits("DK", domestic) + domestic


def bban(account: DanishAccount) -> str:
    """The 14-digit domestic account number: reg. no. and the account no. padded to 10 digits."""
    return account.reg_no + account.account_no.zfill(ACCOUNT_NO_MAX_DIGITS)


def masked(reg_no: str, account_no: str) -> str:
    """An account as a printout shows it to anyone holding the paper: "1234 ******5678"."""
    digits = account_no.lstrip("0") or account_no
    shown = digits[-4:]
    return f"{reg_no} {'*' * max(len(digits) - len(shown), 2)}{shown}"
