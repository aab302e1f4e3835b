"""Checks for what a secretary types, with messages that name the field and the rule.

Pure functions, light to import: the dialogs run them on every keystroke.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from office_app.domain.bank import BankAccountError, validate_account_no, validate_reg_no
from office_app.domain.cards import CardNumberError, normalise_card_number
from office_app.domain.money import MAX_ORE, MoneyError, parse_kr, parse_kr_en
from office_app.domain.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_length_ok
from office_app.i18n import language, tr
from office_app.i18n.rules import rule_text


class FieldProblem(ValueError):
    """Input the desk refuses, with a message naming the field and the rule."""


def check_amount(text: str, field_key: str, *, max_ore: int, allow_zero: bool = False) -> int:
    """An amount typed the way the desk's language writes it, in øre; a refusal names the
    field by its label (``field_key``)."""
    parse = parse_kr if language() == "da" else parse_kr_en
    try:
        return parse(text, allow_zero=allow_zero, max_ore=max_ore)
    except MoneyError as error:
        raise FieldProblem(rule_text(error, language(), field_name=tr(field_key))) from None


def check_cap(text: str) -> int | None:
    """A daily cap: empty means no cap; zero is allowed (the child may buy nothing)."""
    if not text.strip():
        return None
    return check_amount(text, "cap.amount", max_ore=MAX_ORE, allow_zero=True)


def check_card_number(text: str, field_key: str) -> str:
    try:
        return normalise_card_number(text)
    except CardNumberError as error:
        raise FieldProblem(f"{tr(field_key)}: {rule_text(error, language())}") from None


def parse_day(text: str) -> dt.date | None:
    """A day as staff type it: ``24.11.2026`` (or ``1.2.2027``), or ISO ``2026-11-24``; None
    when empty; ValueError when it is not a day."""
    value = text.strip()
    if not value:
        return None
    if "." in value:
        day, month, year = value.split(".")
        if len(year) != 4:
            raise ValueError(value)
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(value)


def check_date(text: str, field_key: str) -> dt.date:
    """A day typed into a field; FieldProblem naming the field unless it is one."""
    try:
        day = parse_day(text)
    except ValueError:
        day = None
    if day is None:
        raise FieldProblem(tr("statement.bad_date", field=tr(field_key)))
    return day


@dataclass(frozen=True)
class PayoutForm:
    holder_name: str
    reg_no: str
    account_no: str
    message: str
    amount_ore: int


def check_payout(
    *,
    holder_name: str,
    reg_no: str,
    account_no: str,
    account_no_again: str,
    message: str,
    amount: str,
    balance_ore: int,
) -> PayoutForm:
    """A payout as typed: the account twice and alike, an amount no larger than the balance."""
    holder = " ".join(holder_name.split())
    if not holder:
        raise FieldProblem(tr("payout.holder_empty"))
    try:
        reg = validate_reg_no(reg_no)
        account = validate_account_no(account_no)
    except BankAccountError as error:
        raise FieldProblem(rule_text(error, language())) from None
    again = "".join(account_no_again.split()).replace("-", "")
    if again != account:
        raise FieldProblem(tr("payout.account_differs"))
    if balance_ore <= 0:
        raise FieldProblem(tr("payout.no_money"))
    amount_ore = check_amount(amount, "payout.amount", max_ore=balance_ore)
    return PayoutForm(holder, reg, account, " ".join(message.split()), amount_ore)


def check_move(amount: str, consent: str, balance_ore: int) -> tuple[int, str]:
    amount_ore = check_amount(amount, "leavers.amount", max_ore=balance_ore)
    words = " ".join(consent.split())
    if not words:
        raise FieldProblem(tr("leavers.consent_empty"))
    return amount_ore, words


@dataclass(frozen=True)
class DayEndCount:
    """The drawer counted at day end: what it held, why it differs, the float it started with,
    and the colleague who checked the count (a username, or empty to sign by hand)."""

    counted_ore: int
    reason: str
    opening_float_ore: int
    checked_by: str


def check_day_end(
    counted: str,
    reason: str,
    opening_float: str,
    checked_by: str,
    *,
    deposits_ore: int,
    staff_names: dict[str, str],
    counter: str,
) -> DayEndCount:
    """The count checked: the float an amount, a reason for any difference from the float and
    the day's deposits, and the checker a colleague other than the one who counted."""
    float_ore = check_amount(opening_float or "0", "dayend.float", max_ore=MAX_ORE, allow_zero=True)
    counted_ore, why = check_count(counted, reason, float_ore + deposits_ore)
    checker = checked_by.strip()
    if checker and checker not in staff_names:
        raise FieldProblem(tr("dayend.checked_unknown", name=checker))
    if checker and checker == counter:
        raise FieldProblem(tr("dayend.checked_self"))
    return DayEndCount(counted_ore, why, float_ore, checker)


def check_count(counted: str, reason: str, expected_ore: int) -> tuple[int, str]:
    """The counted amount, and a reason whenever it differs from the expected total."""
    counted_ore = check_amount(counted, "dayend.counted", max_ore=MAX_ORE, allow_zero=True)
    why = " ".join(reason.split())
    if counted_ore != expected_ore and not why:
        raise FieldProblem(tr("dayend.reason_needed"))
    return counted_ore, why


def check_new_password(current: str, new: str, repeated: str) -> None:
    """The rules a new password meets before the desk checks the current one and hashes it."""
    if not current:
        raise FieldProblem(tr("password.current_empty"))
    if not password_length_ok(new):
        raise FieldProblem(tr("password.length", low=MIN_PASSWORD_LENGTH, high=MAX_PASSWORD_LENGTH))
    if new != repeated:
        raise FieldProblem(tr("password.differ"))
    if new == current:
        raise FieldProblem(tr("password.same"))
