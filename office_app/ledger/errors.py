"""Business rejections: a stable machine code and a sentence for a person."""

from __future__ import annotations

from office_app.domain.money import MoneyError, check_range
from office_app.i18n.rules import rule_text


class Rejection(Exception):
    """A command the ledger refuses; stored with the command and returned on resend."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


#: The amounts the ledger checks, as field codes that office_app/i18n names.
DEPOSIT = "deposit"
PURCHASE = "purchase"
PAYOUT = "payout"
TRANSFER = "transfer"
DAILY_CAP = "daily_cap"
FEE = "fee"


def checked_amount(
    amount_ore: int,
    *,
    field: str,
    payload_field: str = "amount_ore",
    allow_zero: bool = False,
    max_ore: int | None = None,
    max_reason: str | None = None,
) -> int:
    """The domain's one rule for an amount's range (the dialogs check the same as it is typed);
    a ``Rejection`` with ``invalid_amount`` naming the payload's field when it is broken, in
    the protocol's English."""
    try:
        return check_range(
            amount_ore, allow_zero=allow_zero, max_ore=max_ore, field=field, max_reason=max_reason
        )
    except MoneyError as error:
        raise Rejection("invalid_amount", f"{payload_field}: {rule_text(error, 'en')}") from None
