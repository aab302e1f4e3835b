"""Business rejections: a stable machine code and a sentence for a person."""

from __future__ import annotations

from office_app.domain.money import MoneyError, check_range


class Rejection(Exception):
    """A command the ledger refuses; stored with the command and returned on resend."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


#: The amounts the ledger checks, named as the desk names them (Danish, English).
DEPOSIT = ("Indbetaling", "Deposit")
PURCHASE = ("Køb", "Purchase")
PAYOUT = ("Udbetaling", "Payout")
TRANSFER = ("Overførsel", "Transfer")
DAILY_CAP = ("Dagligt maks", "Daily cap")
FEE = ("Gebyr", "Fee")


def checked_amount(
    amount_ore: int,
    *,
    field: tuple[str, str],
    payload_field: str = "amount_ore",
    allow_zero: bool = False,
    max_ore: int | None = None,
    max_reason: tuple[str, str] | None = None,
) -> int:
    """The domain's one rule for an amount's range (the dialogs check the same as it is typed);
    a ``Rejection`` with ``invalid_amount`` naming the payload's field when it is broken."""
    try:
        return check_range(
            amount_ore, allow_zero=allow_zero, max_ore=max_ore, field=field, max_reason=max_reason
        )
    except MoneyError as error:
        raise Rejection("invalid_amount", f"{payload_field}: {error.message_en}") from None
