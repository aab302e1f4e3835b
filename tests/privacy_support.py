"""A family with every kind of record the ledger keeps about a child, and a child of another
family next to it: what the subject-access and anonymisation tests look for and must not find."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from office_app.domain.ids import uuid7
from tests.test_engine_payouts import send_to_bank
from tests.world import World

WAIVER = "Jens Jensen ringede: kortet knækkede i frikvarteret"
CONSENT = "Jens Jensen gav samtykke i telefonen"
REJECTED = "Forkert konto opgivet af Jens Jensen"


@dataclass(frozen=True)
class Family:
    """``child`` has every record; ``sibling`` shares a guardian (Mette) and has money;
    ``other`` is another family's child."""

    child: uuid.UUID
    sibling: uuid.UUID
    other: uuid.UUID
    child_cards: tuple[str, ...]
    sibling_card: str
    other_card: str

    #: What identifies the child and its own guardian (Jens): it must be gone after erasure.
    child_words = (
        "Asta Jensen-Holm",
        "ASTA-REF-77",
        "Jens Jensen",
        "jens.jensen@example.dk",
        "6050401234",
        WAIVER,
        CONSENT,
        REJECTED,
    )
    #: What identifies the other children: it must never be in the child's report.
    sibling_words = ("Bror Jensen-Holm", "BROR-REF-78")
    other_words = ("Oskar Andersen", "OSKAR-REF-90", "Ulla Andersen", "ulla@andersen.example")


def _enrol(world: World, name: str, ref: str, guardians: list[dict[str, str]]) -> uuid.UUID:
    student_id = uuid7()
    result = world.office_send(
        "student.upsert",
        {
            "student_id": student_id,
            "external_ref": ref,
            "name": name,
            "class_label": "6.A",
            "guardians": guardians,
        },
    )
    assert result.status == "applied", result
    return student_id


def build_family(world: World) -> Family:
    mette = {"name": "Mette Holm", "email": "mette.holm@example.dk"}
    jens = {"name": "Jens Jensen", "email": "jens.jensen@example.dk"}
    child = _enrol(world, "Asta Jensen-Holm", "ASTA-REF-77", [mette, jens])
    sibling = _enrol(world, "Bror Jensen-Holm", "BROR-REF-78", [mette])
    other = _enrol(
        world,
        "Oskar Andersen",
        "OSKAR-REF-90",
        [{"name": "Ulla Andersen", "email": "ulla@andersen.example"}],
    )
    world.add_card(child, "3300001")
    world.add_card(sibling, "3300002")
    world.add_card(other, "3300003")
    for student in (child, sibling, other):
        assert world.deposit(student, 30_000).status == "applied"
    assert world.buy("3300001", 4_500).status == "applied"
    assert world.buy("3300003", 2_000).status == "applied"
    world.office_send("cap.set", {"student_id": child, "daily_cap_ore": 6_000})
    create = {"student_id": child, "amount_ore": 10_000, "payment_ref": "NETS-AGR-4711"}
    assert world.send(world.portal, "autotopup.create", create).status == "applied"
    assert world.send(world.portal, "autotopup.cancel", {"student_id": child}).status == "applied"
    world.office_send("card.block", {"card_number": "3300001", "reason": "lost"}, staff="hanne")
    assert world.buy("3300001", 1_000).code == "card_blocked"
    replace = {
        "old_card_number": "3300001",
        "new_card_number": "3300011",
        "fee_ore": 0,
        "fee_waiver_reason": WAIVER,
    }
    assert world.office_send("card.replace", replace).status == "applied"
    transfer = {
        "from_student_id": sibling,
        "to_student_id": child,
        "amount_ore": 5_000,
        "consent": CONSENT,
    }
    assert world.office_send("balance.transfer", transfer).status == "applied"
    rejected_payout, paid_payout = uuid7(), uuid7()
    for payout_id, amount in ((rejected_payout, 1_000), (paid_payout, 30_500)):
        payout = {
            "student_id": child,
            "amount_ore": amount,
            "holder_name": "Jens Jensen",
            "reg_no": "6050",
            "account_no": "6050401234",
            "message": "Asta Jensen-Holm udbetaling",
            "payout_id": payout_id,
        }
        assert world.office_send("payout.request", payout).status == "applied"
        if payout_id == rejected_payout:
            reject = {"payout_id": rejected_payout, "reason": REJECTED}
            assert world.office_send("payout.reject", reject, staff="birgit").status == "applied"
    sent = send_to_bank(world, str(paid_payout), staff="birgit")
    assert sent.status == "applied", sent
    settle = {"payout_id": paid_payout, "bank_ref": "BANK-1"}
    assert world.office_send("payout.settle", settle, staff="birgit").status == "applied"
    assert world.balance(child) == 0, world.balance(child)
    return Family(child, sibling, other, ("3300001", "3300011"), "3300002", "3300003")
