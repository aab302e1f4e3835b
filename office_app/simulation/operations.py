"""What the simulated people do: every command type, with mostly sensible and some bad values.

Choices are made from what the people know (students enrolled, cards handed out, payouts
and reversals asked for, transactions seen on receipts), which is sometimes ahead of or
behind the ledger; the ledger's refusals of such commands are part of the run.
"""

from __future__ import annotations

import random
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from office_app.domain.catalogue import PAYLOAD_TYPES

PURCHASE = "purchase"
#: Relative weights of the operations; "sync" is an office's sync round, not a command.
#: Only the command types this version of the protocol has are played.
_WEIGHTS: dict[str, float] = {
    "purchase": 40,
    "portal:deposit.online": 5,
    "portal:cap.set": 1.5,
    "portal:card.block": 1,
    "portal:card.reactivate": 1,
    "portal:autotopup.create": 1.5,
    "portal:autotopup.cancel": 0.5,
    "portal:payout.request": 1,
    "office:deposit.cash": 5,
    "office:student.upsert": 0.8,
    "office:student.leave": 0.05,
    "office:card.issue": 0.7,
    "office:card.block": 1.5,
    "office:card.reactivate": 1.5,
    "office:card.replace": 1,
    "office:cap.set": 1.5,
    "office:autotopup.cancel": 0.3,
    "office:payout.request": 1,
    "office:payout.approve": 1,
    "office:payout.reject": 0.4,
    "office:payout.send": 0.8,
    "office:payout.settle": 0.8,
    "office:payout.bank_reject": 0.2,
    "office:payout.return": 0.1,
    "office:txn.reverse": 0.8,
    "office:reversal.approve": 0.6,
    "office:reversal.reject": 0.2,
    "office:balance.transfer": 0.3,
    "office:staff.password": 0.1,
    "sync": 3,
}
WEIGHTS = {
    kind: weight
    for kind, weight in _WEIGHTS.items()
    if kind == "sync" or kind.split(":")[-1] in PAYLOAD_TYPES
}
ADMIN_TYPES = {
    "balance.transfer",
    "student.upsert",
    "student.leave",
    "payout.approve",
    "payout.reject",
    "payout.send",
    "payout.settle",
    "payout.bank_reject",
    "payout.return",
    "txn.reverse",
    "reversal.approve",
    "reversal.reject",
}
ADMINS = ("ole", "birgit")
#: A new password as an office sends it: an argon2id hash, made once (hashing takes time).
NEW_PASSWORD_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$N22JfIZc5tKqin2VK35DKw$"  # noqa: S105 - made up, hashed
    "f3cQBJtWdmlTweU5sBSxufpGqGrEfpJWhvK52IYMxdg"
)
SECRETARY = "hanne"


@dataclass
class Knowledge:
    """What the school's people know, shared by every client in the simulation."""

    rng: random.Random
    students: list[str] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    payouts: list[str] = field(default_factory=list)
    payout_amounts: dict[str, int] = field(default_factory=dict)
    reversals: list[str] = field(default_factory=list)
    txns: deque[str] = field(default_factory=lambda: deque(maxlen=300))
    next_card: int = 4_000_000
    next_ref: int = 0

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def learn(self, result: dict[str, Any]) -> None:
        """Receipts and screens show transaction ids; people may ask to reverse them."""
        for key in ("txn_id", "autotopup_txn_id"):
            found = result.get("result", {}).get(key)
            if found:
                self.txns.append(found)

    def card(self) -> str:
        if self.rng.random() < 0.02 or not self.cards:
            return "9999999"
        return self.rng.choice(self.cards)

    def student(self) -> str:
        if self.rng.random() < 0.01 or not self.students:
            return self.new_id()
        return self.rng.choice(self.students)

    def new_card_number(self) -> str:
        self.next_card += 1
        return str(self.next_card)


def staff_for(command_type: str, rng: random.Random) -> str:
    """Mostly someone allowed; now and then a secretary tries an admin's command."""
    if command_type in ADMIN_TYPES and rng.random() > 0.03:
        return rng.choice(ADMINS)
    return rng.choice((SECRETARY, *ADMINS))


def amount(rng: random.Random, low: int, high: int) -> int:
    """An amount in øre between low and high; 1 in 100 is 0 or negative or far too large."""
    roll = rng.random()
    if roll < 0.005:
        return rng.choice((0, -100))
    if roll < 0.01:
        return 10_000_000
    return rng.randint(low // 100, high // 100) * 100 + rng.choice((0, 0, 0, 50))


def payload_for(command_type: str, knowledge: Knowledge, staff: str) -> dict[str, Any]:
    """A payload for one command of this type, from what the people know."""
    rng = knowledge.rng
    if command_type == "purchase":
        return {"card_number": knowledge.card(), "amount_ore": amount(rng, 500, 6000)}
    if command_type in ("deposit.online", "deposit.cash"):
        payload = {"student_id": knowledge.student(), "amount_ore": amount(rng, 2000, 50_000)}
        if command_type == "deposit.online":
            method = rng.choice(("card", "mobilepay"))
            return payload | {"method": method, "payment_ref": f"P-{rng.getrandbits(32)}"}
        return payload | {"receipt_no": f"K-{rng.getrandbits(20)}"}
    if command_type == "cap.set":
        cap = None if rng.random() < 0.3 else amount(rng, 1000, 10_000)
        return {"student_id": knowledge.student(), "daily_cap_ore": cap}
    if command_type == "card.block":
        reason = rng.choice(("lost", "stolen", "damaged", "other"))
        return {"card_number": knowledge.card(), "reason": reason}
    if command_type == "card.reactivate":
        return {"card_number": knowledge.card()}
    if command_type == "card.issue":
        number = knowledge.new_card_number()
        knowledge.cards.append(number)
        return {"student_id": knowledge.student(), "card_number": number}
    if command_type == "card.replace":
        number = knowledge.new_card_number()
        knowledge.cards.append(number)
        waived = rng.random() < 0.3
        return {
            "old_card_number": knowledge.card(),
            "new_card_number": number,
            "fee_ore": 0 if waived else 3000,
            "fee_waiver_reason": "Defekt kort" if waived else None,
        }
    if command_type == "autotopup.create":
        ref = f"KORT-{rng.getrandbits(16)}"
        return {"student_id": knowledge.student(), "amount_ore": amount(rng, 5000, 20_000)} | {
            "payment_ref": ref
        }
    if command_type in ("autotopup.cancel", "student.leave"):
        return {"student_id": knowledge.student()}
    if command_type == "student.upsert":
        return _student(knowledge)
    if command_type == "staff.password":
        return {"password_hash": NEW_PASSWORD_HASH if rng.random() > 0.05 else "not-a-hash"}
    if command_type == "balance.transfer":
        return {
            "from_student_id": knowledge.student(),
            "to_student_id": knowledge.student(),
            "amount_ore": amount(rng, 500, 20_000),
            "consent": "Mor har givet samtykke i telefonen",
        }
    return _money_out(command_type, knowledge, staff)


def new_student(knowledge: Knowledge) -> dict[str, Any]:
    """A child enrolled for the first time."""
    return _student(knowledge, renamed=0)


def _student(knowledge: Knowledge, renamed: float = 0.3) -> dict[str, Any]:
    rng = knowledge.rng
    if knowledge.students and rng.random() < renamed:
        index = rng.randrange(len(knowledge.students))
        student_id, ref = knowledge.students[index], f"R{index}"
    else:
        student_id, ref = knowledge.new_id(), f"R{len(knowledge.students)}"
        knowledge.students.append(student_id)
    family = rng.randrange(max(1, len(knowledge.students) // 2))
    return {
        "student_id": student_id,
        "external_ref": ref,
        "name": rng.choice(("Åse", "Søren", "Zoë", "Mikkel", "Ida")) + f" Ærø {ref}",
        "class_label": f"{rng.randint(0, 10)}{rng.choice('abcæøå')}",
        "guardians": [{"name": "Forælder", "email": f"familie{family}@example.dk"}],
    }


def _money_out(command_type: str, knowledge: Knowledge, staff: str) -> dict[str, Any]:
    rng = knowledge.rng
    if command_type == "payout.request":
        payout_id = knowledge.new_id()
        knowledge.payouts.append(payout_id)
        bad_bank = rng.random() < 0.02
        knowledge.payout_amounts[payout_id] = amount(rng, 1000, 40_000)
        return {
            "student_id": knowledge.student(),
            "amount_ore": knowledge.payout_amounts[payout_id],
            "holder_name": "Mor Østergaard",
            "reg_no": "12a4" if bad_bank else "1234",
            "account_no": "0012345678",
            "message": "Udbetaling",
            "payout_id": payout_id,
        }
    if command_type == "payout.send":
        return _bank_file(knowledge)
    if command_type.startswith("payout."):
        payout_id = rng.choice(knowledge.payouts) if knowledge.payouts else knowledge.new_id()
        extra = {
            "payout.reject": {"reason": "Forkert konto"},
            "payout.settle": {"bank_ref": "B-1"},
            "payout.bank_reject": {"reason": "AC01 Ukendt konto", "bank_ref": "S-1"},
            "payout.return": {"reason": "AC04 Lukket konto"},
        }
        return {"payout_id": payout_id} | extra.get(command_type, {})
    if command_type == "txn.reverse":
        reversal_id = knowledge.new_id()
        knowledge.reversals.append(reversal_id)
        txn_id = rng.choice(knowledge.txns) if knowledge.txns else knowledge.new_id()
        return {"txn_id": txn_id, "reason": f"Fejl ({staff})", "reversal_id": reversal_id}
    reversal_id = rng.choice(knowledge.reversals) if knowledge.reversals else knowledge.new_id()
    if command_type == "reversal.reject":
        return {"reversal_id": reversal_id, "reason": "Nej"}
    return {"reversal_id": reversal_id}


def _bank_file(knowledge: Knowledge) -> dict[str, Any]:
    """A bank file of one to three payouts people know of, with their sum."""
    rng = knowledge.rng
    chosen = (
        rng.sample(knowledge.payouts, min(len(knowledge.payouts), rng.randint(1, 3)))
        if knowledge.payouts
        else [knowledge.new_id()]
    )
    return {
        "batch_id": knowledge.new_id(),
        "payout_ids": chosen,
        "total_ore": sum(knowledge.payout_amounts.get(payout_id, 100) for payout_id in chosen),
        "execution_date": "2026-11-25",
        "file_name": f"udbetalinger-{rng.getrandbits(16)}.xml",
    }
