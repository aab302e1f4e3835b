"""The school's settings an administrator sets: each value checked by one rule, named by its
command-line option when it is refused.

What a school's printouts and bank files must say about it: name, address, CVR, contact, its
own bank account (reg. no. and account no., or a Danish IBAN), the id of its bank agreement,
and the thresholds for payouts that need a second admin and for a low balance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from office_app.domain.bank import (
    BankAccountError,
    iban_to_account,
    validate_account_no,
    validate_reg_no,
)
from office_app.domain.bank_text import is_bank_text
from office_app.domain.money import MoneyError, parse_kr

MAX_NAME = 200
MAX_ADDRESS = 400
MAX_CONTACT = 200
MAX_AGREEMENT_ID = 35
_CVR = re.compile(r"[1-9][0-9]{7}")


class SchoolSettingError(ValueError):
    """A setting refused: ``option`` is the command-line option; ``rule`` says the rule, or
    ``refusal`` is the domain's refusal of a bank account detail or an amount, for
    office_app/i18n to word."""

    def __init__(
        self, option: str, rule: str = "", refusal: BankAccountError | MoneyError | None = None
    ) -> None:
        super().__init__(f"{option}: {rule or refusal}")
        self.option = option
        self.rule = rule
        self.refusal = refusal


@dataclass(frozen=True)
class SchoolSettingsInput:
    """What an admin typed; None leaves a setting as it is."""

    name: str | None = None
    address: str | None = None
    cvr: str | None = None
    contact: str | None = None
    bank_reg: str | None = None
    bank_account: str | None = None
    bank_iban: str | None = None
    bank_agreement: str | None = None
    payout_threshold: str | None = None
    low_balance_threshold: str | None = None


def _text(option: str, value: str, limit: int, *, required: bool = False) -> str:
    if any(ord(character) < 32 for character in value):
        raise SchoolSettingError(option, "may not contain control characters (a new line, a tab)")
    text = " ".join(value.split())
    if required and not text:
        raise SchoolSettingError(option, "may not be empty")
    if len(text) > limit:
        raise SchoolSettingError(option, f"at most {limit} characters (got {len(text)})")
    return text


def _cvr(value: str) -> str:
    cvr = "".join(value.split())
    if cvr and not _CVR.fullmatch(cvr):
        raise SchoolSettingError(
            "--cvr", f"a CVR number is 8 digits and does not start with 0 (got {value!r})"
        )
    return cvr


def _account(typed: SchoolSettingsInput) -> dict[str, str]:
    if typed.bank_iban is not None:
        if typed.bank_reg is not None or typed.bank_account is not None:
            raise SchoolSettingError(
                "--bank-iban", "give the IBAN or --bank-reg and --bank-account, not both"
            )
        try:
            account = iban_to_account(typed.bank_iban)
        except BankAccountError as error:
            raise SchoolSettingError("--bank-iban", refusal=error) from None
        return {"bank_reg_no": account.reg_no, "bank_account_no": account.account_no}
    if typed.bank_reg is None and typed.bank_account is None:
        return {}
    if typed.bank_reg is None or typed.bank_account is None:
        option = "--bank-reg" if typed.bank_reg is None else "--bank-account"
        raise SchoolSettingError(option, "give --bank-reg and --bank-account together")
    try:
        reg_no = validate_reg_no(typed.bank_reg)
    except BankAccountError as error:
        raise SchoolSettingError("--bank-reg", refusal=error) from None
    try:
        account_no = validate_account_no(typed.bank_account)
    except BankAccountError as error:
        raise SchoolSettingError("--bank-account", refusal=error) from None
    return {"bank_reg_no": reg_no, "bank_account_no": account_no}


def _agreement(value: str) -> str:
    agreement = value.strip()
    if len(agreement) > MAX_AGREEMENT_ID:
        raise SchoolSettingError(
            "--bank-agreement", f"at most {MAX_AGREEMENT_ID} characters (got {len(agreement)})"
        )
    if not is_bank_text(agreement) or " " in agreement:
        raise SchoolSettingError(
            "--bank-agreement", "letters, digits and - only, as the bank wrote it"
        )
    return agreement


def _threshold(option: str, value: str) -> int:
    try:
        return parse_kr(value, allow_zero=True)
    except MoneyError as error:
        raise SchoolSettingError(option, refusal=error) from None


def check_settings(typed: SchoolSettingsInput) -> dict[str, str | int]:
    """The columns of ``schools`` to set, each value checked; SchoolSettingError otherwise."""
    changes: dict[str, str | int] = {}
    if typed.name is not None:
        changes["name"] = _text("--name", typed.name, MAX_NAME, required=True)
    if typed.address is not None:
        changes["address"] = _text("--address", typed.address, MAX_ADDRESS)
    if typed.cvr is not None:
        changes["cvr"] = _cvr(typed.cvr)
    if typed.contact is not None:
        changes["contact"] = _text("--contact", typed.contact, MAX_CONTACT)
    changes.update(_account(typed))
    if typed.bank_agreement is not None:
        changes["bank_agreement_id"] = _agreement(typed.bank_agreement)
    if typed.payout_threshold is not None:
        changes["payout_approval_threshold_ore"] = _threshold(
            "--payout-threshold", typed.payout_threshold
        )
    if typed.low_balance_threshold is not None:
        changes["low_balance_threshold_ore"] = _threshold(
            "--low-balance-threshold", typed.low_balance_threshold
        )
    return changes
