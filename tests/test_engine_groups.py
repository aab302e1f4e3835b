"""Group commit, on SQLite and PostgreSQL: several commands, from one request or from several
devices of a school, applied in one transaction.

Each command keeps its own outcome: a rejected one leaves the others applied, every command is
numbered in order, and resending any of them returns its stored outcome without a new effect.
"""

from __future__ import annotations

import uuid
from collections import deque
from concurrent.futures import Future
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from office_app.domain.commands import Command, CommandResult, make_command
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import hash_token, revoke_device
from office_app.ledger.engine import GROUP_SIZE
from office_app.ledger.verify import verify
from office_app.ledger.writer import Request, UnknownDevice, Writers, take_group
from tests.test_engine_protocol import cash, command, declined, stored, txns_of
from tests.world import CARD, START, World, make_world


def buy(world: World, amount_ore: int, card_number: str = CARD) -> Command:
    return command(
        world,
        "purchase",
        {"card_number": card_number, "amount_ore": amount_ore},
    )


def codes(results: list[CommandResult]) -> list[str]:
    return [result.code for result in results]


def test_a_rejected_command_leaves_the_rest_of_its_batch_applied(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    student = world.child_with_card(1000)
    batch = [
        cash(world, student, 500, device_seq=1),
        command(
            world,
            "card.issue",
            {"student_id": student, "card_number": CARD},
            staff="hanne",
            device_seq=2,
        ),
        command(
            world,
            "card.issue",
            {"student_id": uuid.uuid4(), "card_number": "1000002"},
            staff="hanne",
            device_seq=3,
        ),
        cash(world, student, 700, device_seq=4),
    ]
    results = world.ledger.apply(world.office, batch)
    assert codes(results) == ["ok", "duplicate_card", "unknown_student", "ok"]
    seqs = [result.seq for result in results]
    assert seqs[0] is not None
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2, seqs[0] + 3]
    assert world.balance(student) == 2200
    for sent, result in zip(batch, results, strict=True):
        record = stored(world, sent.command_id)
        assert (record.code, record.seq, record.result) == (result.code, result.seq, result.result)

    assert world.ledger.apply(world.office, batch) == results
    assert [world.ledger.apply_one(world.office, sent) for sent in batch] == results
    assert [txns_of(world, sent.command_id) for sent in batch] == [1, 0, 0, 1]
    assert world.balance(student) == 2200
    assert verify(ledger_engine, world.school_id) == []


def test_requests_of_several_devices_share_one_group(ledger_engine: Engine) -> None:
    """A terminal's and the office's commands interleave in one transaction, in order."""
    world = make_world(ledger_engine)
    student = world.child_with_card(5000)
    cap = command(
        world,
        "cap.set",
        {"student_id": student, "daily_cap_ore": 3000},
        staff="hanne",
    )
    lift = command(
        world,
        "cap.set",
        {"student_id": student, "daily_cap_ore": None},
        staff="hanne",
        device_seq=2,
    )
    first, second, third = buy(world, 2000), buy(world, 2000), buy(world, 2000)
    requests: list[tuple[DeviceRef, list[Command]]] = [
        (world.office, [cap]),
        (world.terminal, [first]),
        (world.terminal, [second]),
        (world.office, [lift, cash(world, student, 0, device_seq=3)]),
        (world.terminal, [third]),
    ]
    answers = world.ledger.apply_requests(requests)
    assert [codes(answer) for answer in answers] == [
        ["ok"],
        ["ok"],
        ["daily_cap_exceeded"],
        ["ok", "invalid_amount"],
        ["ok"],
    ]
    assert answers[4][0].result["balance_ore"] == 1000
    assert world.balance(student) == 1000
    assert [(code, amount) for _, amount, code, _, _ in declined(world)] == [
        ("daily_cap_exceeded", 2000)
    ]

    for (device, sent), answer in zip(requests, answers, strict=True):
        assert world.ledger.apply(device, sent) == answer
    assert world.ledger.apply_requests(requests) == answers
    assert world.balance(student) == 1000
    assert len(declined(world)) == 1
    assert verify(ledger_engine, world.school_id) == []


def test_a_group_is_one_school(ledger_engine: Engine) -> None:
    world = make_world(ledger_engine)
    other = make_world(ledger_engine)
    with pytest.raises(ValueError, match="one school"):
        world.ledger.apply_requests([(world.terminal, []), (other.terminal, [])])


def _request(school_id: uuid.UUID, size: int) -> Request:
    purchase = make_command(
        "purchase",
        {"card_number": CARD, "amount_ore": 100},
        occurred_at=START,
    )
    return Request(uuid.uuid4().hex, school_id, [purchase] * size)


def test_a_writer_takes_the_oldest_request_and_its_schools_queued_requests() -> None:
    school, other = uuid.uuid4(), uuid.uuid4()
    first = _request(school, 3)
    foreign = _request(other, 1)
    second = _request(school, 2)
    too_big = _request(school, GROUP_SIZE - 4)
    after = _request(school, 1)
    queue = deque([first, foreign, second, too_big, after])
    assert take_group(queue) == [first, second]
    assert list(queue) == [foreign, too_big, after]
    assert take_group(queue) == [foreign]
    assert take_group(queue) == [too_big, after]
    assert not queue


def test_a_school_being_written_waits_while_other_schools_go_ahead() -> None:
    school, other = uuid.uuid4(), uuid.uuid4()
    first, foreign, second = _request(school, 1), _request(other, 1), _request(school, 1)
    queue = deque([first, foreign, second])
    assert take_group(queue, busy={school}) == [foreign]
    assert list(queue) == [first, second]
    assert take_group(queue, busy={school}) == []
    assert take_group(queue, busy={other}) == [first, second]


def test_racing_requests_through_the_writers_never_overspend(ledger_engine: Engine) -> None:
    """100 queued 10 kr. purchases against a 50 kr. wallet: exactly 5 approved (I4)."""
    world = make_world(ledger_engine, quick_staff=True)
    student = world.child_with_card(5000)
    token_hash = hash_token(world.tokens["terminal"])
    writers = Writers(world.ledger, 2)
    try:
        answers: list[Future[list[CommandResult]]] = [
            writers.submit(token_hash, world.school_id, [buy(world, 1000)]) for _ in range(100)
        ]
        results = [answer.result(timeout=120)[0] for answer in answers]
    finally:
        writers.close()
    assert codes(results).count("ok") == 5
    assert codes(results).count("insufficient_funds") == 95
    assert len({result.seq for result in results}) == 100
    assert world.balance(student) == 0
    assert verify(ledger_engine, world.school_id) == []


def test_a_writer_refuses_a_token_revoked_after_it_was_queued(ledger_engine: Engine) -> None:
    """The school of a token is remembered, the token itself is checked every time."""
    world = make_world(ledger_engine, quick_staff=True)
    student = world.child_with_card(5000)
    token_hash = hash_token(world.tokens["terminal"])
    writers = Writers(world.ledger, 1)
    try:
        first = writers.submit(token_hash, world.school_id, [buy(world, 1000)])
        assert codes(first.result(timeout=60)) == ["ok"]
        elsewhere = writers.submit(token_hash, uuid.uuid4(), [buy(world, 1000)])
        with pytest.raises(UnknownDevice):
            elsewhere.result(timeout=60)
        revoke_device(ledger_engine, world.terminal.id, clock=world.clock)
        second = writers.submit(token_hash, world.school_id, [buy(world, 1000)])
        with pytest.raises(UnknownDevice):
            second.result(timeout=60)
    finally:
        writers.close()
    assert world.balance(student) == 4000


def _day_at_the_canteen(
    world: World, card_number: str
) -> tuple[uuid.UUID, list[tuple[DeviceRef, Command]]]:
    """Office, portal and terminal commands on one child, several of them refused."""
    student = world.add_student()
    world.add_card(student, card_number)
    office, portal, terminal = world.office, world.portal, world.terminal

    def sent(device: DeviceRef, command_type: str, **payload: object) -> Command:
        staff = "hanne" if device == office else None
        return command(world, command_type, {"student_id": student, **payload}, staff=staff)

    def card(device: DeviceRef, command_type: str, **payload: object) -> Command:
        staff = "hanne" if device == office else None
        return command(world, command_type, {"card_number": card_number, **payload}, staff=staff)

    def purchase(amount_ore: int) -> tuple[DeviceRef, Command]:
        return (terminal, card(terminal, "purchase", amount_ore=amount_ore))

    commands = [
        (portal, sent(portal, "autotopup.create", amount_ore=5000, payment_ref="MP-1")),
        (office, sent(office, "deposit.cash", amount_ore=12000, receipt_no="K-1")),
        purchase(1000),
        (office, sent(office, "cap.set", daily_cap_ore=1500)),
        purchase(1000),
        (office, card(office, "card.block", reason="lost")),
        purchase(100),
        (office, card(office, "card.reactivate")),
        purchase(400),
        (office, sent(office, "cap.set", daily_cap_ore=None)),
        purchase(20000),
        purchase(7000),
        (portal, sent(portal, "autotopup.cancel")),
        purchase(5000),
        (portal, sent(portal, "autotopup.cancel")),
    ]
    return student, commands


def test_one_group_decides_exactly_as_one_transaction_per_command(ledger_engine: Engine) -> None:
    grouped, alone = make_world(ledger_engine), make_world(ledger_engine)
    grouped_child, grouped_commands = _day_at_the_canteen(grouped, "5000001")
    alone_child, alone_commands = _day_at_the_canteen(alone, "5000001")  # per school

    answers = grouped.ledger.apply_requests([(device, [sent]) for device, sent in grouped_commands])
    one_by_one = [alone.ledger.apply_one(device, sent) for device, sent in alone_commands]

    decided = [(answer[0].code, answer[0].message) for answer in answers]
    assert decided == [(result.code, result.message) for result in one_by_one]
    assert [code for code, _ in decided] == [
        "ok",
        "ok",
        "ok",
        "ok",
        "daily_cap_exceeded",
        "ok",
        "card_blocked",
        "ok",
        "ok",
        "ok",
        "insufficient_funds",
        "ok",
        "ok",
        "ok",
        "no_agreement",
    ]
    assert "autotopup_txn_id" in answers[11][0].result
    assert answers[11][0].result["balance_ore"] == 8600
    assert grouped.balance(grouped_child) == alone.balance(alone_child) == 3600
    assert [(code, amount) for _, amount, code, _, _ in declined(grouped)] == [
        (code, amount) for _, amount, code, _, _ in declined(alone)
    ]
    assert verify(ledger_engine, grouped.school_id) == []
    assert verify(ledger_engine, alone.school_id) == []


def _without_ids(result: dict[str, Any]) -> dict[str, Any]:
    """A command's result without the ids that differ between two worlds: the balances and
    amounts it reports."""
    return {key: value for key, value in result.items() if not key.endswith("id")}


#: One step of a child's day: what is sent, and one value for it.
STEPS = st.one_of(
    st.tuples(st.just("cash"), st.sampled_from([0, 500, 3000, 12000])),
    st.tuples(st.just("buy"), st.sampled_from([100, 1000, 2500, 7000])),
    st.tuples(st.just("cap"), st.sampled_from([None, 1500, 4000])),
    st.tuples(st.sampled_from(["block", "reactivate", "agree", "cancel", "leave"]), st.none()),
)


def _steps_as_commands(
    world: World, steps: list[tuple[str, int | None]]
) -> tuple[uuid.UUID, list[tuple[DeviceRef, Command]]]:
    student = world.add_student()
    world.add_card(student, CARD)
    child: dict[str, Any] = {"student_id": student}
    card: dict[str, Any] = {"card_number": CARD}
    agreement = {**child, "payment_ref": "MP", "amount_ore": 5000}
    office, portal, terminal = world.office, world.portal, world.terminal
    sends: dict[str, tuple[DeviceRef, str, dict[str, Any], str | None]] = {
        "cash": (office, "deposit.cash", {**child, "receipt_no": "K"}, "hanne"),
        "buy": (terminal, "purchase", card, None),
        "cap": (office, "cap.set", child, "hanne"),
        "block": (office, "card.block", {**card, "reason": "lost"}, "hanne"),
        "reactivate": (office, "card.reactivate", card, "hanne"),
        "agree": (portal, "autotopup.create", agreement, None),
        "cancel": (portal, "autotopup.cancel", child, None),
        "leave": (office, "student.leave", child, "ole"),
    }
    valued = {"cash": "amount_ore", "buy": "amount_ore", "cap": "daily_cap_ore"}
    commands: list[tuple[DeviceRef, Command]] = []
    for number, (step, value) in enumerate(steps, start=1):
        device, command_type, payload, staff = sends[step]
        if step in valued:
            payload = {**payload, valued[step]: value}
        sent = command(world, command_type, payload, staff=staff, device_seq=number)
        commands.append((device, sent))
    return student, commands


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=25))
def test_any_group_decides_as_one_transaction_per_command(
    ledger_engine: Engine, steps: list[tuple[str, int | None]]
) -> None:
    """Group commit changes no decision: codes, messages, balances, declined purchases."""
    grouped, alone = make_world(ledger_engine), make_world(ledger_engine)
    grouped_child, grouped_commands = _steps_as_commands(grouped, steps)
    alone_child, alone_commands = _steps_as_commands(alone, steps)

    answers = grouped.ledger.apply_requests([(device, [sent]) for device, sent in grouped_commands])
    one_by_one = [alone.ledger.apply_one(device, sent) for device, sent in alone_commands]

    assert [(answer[0].code, answer[0].message) for answer in answers] == [
        (result.code, result.message) for result in one_by_one
    ]
    assert [_without_ids(answer[0].result) for answer in answers] == [
        _without_ids(result.result) for result in one_by_one
    ]
    assert grouped.balance(grouped_child) == alone.balance(alone_child)
    assert grouped.system_balance("suspense") == alone.system_balance("suspense")
    assert [code for _, _, code, _, _ in declined(grouped)] == [
        code for _, _, code, _, _ in declined(alone)
    ]
    assert verify(ledger_engine, grouped.school_id) == []
