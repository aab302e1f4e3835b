"""One handler per command type; each checks before it writes and raises Rejection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from office_app.ledger.context import ApplyContext, Outcome
from office_app.ledger.handlers.cards import (
    block_card,
    issue_card,
    reactivate_card,
    replace_card,
    set_cap,
)
from office_app.ledger.handlers.money import (
    cancel_auto_top_up,
    create_auto_top_up,
    deposit_cash,
    deposit_online,
    purchase,
)
from office_app.ledger.handlers.payouts import (
    approve_payout,
    bank_reject_payout,
    reject_payout,
    request_payout,
    return_payout,
    send_payouts,
    settle_payout,
)
from office_app.ledger.handlers.reversals import (
    approve_reversal,
    reject_reversal,
    request_reversal,
)
from office_app.ledger.handlers.staff import change_own_password
from office_app.ledger.handlers.students import leave_student, upsert_student
from office_app.ledger.handlers.transfers import transfer_balance

Handler = Callable[[ApplyContext, Any], Outcome]

HANDLERS: dict[str, Handler] = {
    "student.upsert": upsert_student,
    "student.leave": leave_student,
    "card.issue": issue_card,
    "card.block": block_card,
    "card.reactivate": reactivate_card,
    "card.replace": replace_card,
    "cap.set": set_cap,
    "deposit.cash": deposit_cash,
    "deposit.online": deposit_online,
    "autotopup.create": create_auto_top_up,
    "autotopup.cancel": cancel_auto_top_up,
    "purchase": purchase,
    "payout.request": request_payout,
    "payout.approve": approve_payout,
    "payout.reject": reject_payout,
    "payout.send": send_payouts,
    "payout.settle": settle_payout,
    "payout.bank_reject": bank_reject_payout,
    "payout.return": return_payout,
    "txn.reverse": request_reversal,
    "reversal.approve": approve_reversal,
    "reversal.reject": reject_reversal,
    "balance.transfer": transfer_balance,
    "staff.password": change_own_password,
}

#: Handlers that make every check before their first write, so a rejection never needs a
#: savepoint to undo anything. The busiest command types, where a savepoint's two round
#: trips to PostgreSQL show.
CHECK_FIRST = frozenset({"purchase", "deposit.cash", "deposit.online"})
