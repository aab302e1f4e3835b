"""The ledger server over real HTTP on 127.0.0.1: auth, commands, errors, feed, races."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select, update

from models import Account, Device
from office_app.db import make_sessionmaker
from office_app.domain.ids import uuid7
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from tests.world import START, World, make_world


@pytest.fixture
def world(ledger_engine: Engine) -> World:
    return make_world(ledger_engine, quick_staff=True)


@pytest.fixture
def base_url(ledger_engine: Engine, world: World) -> Iterator[str]:
    with embedded_server(ledger_engine, clock=world.clock) as url:
        yield url


def command(
    command_type: str, payload: dict[str, Any], staff: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "command_id": str(uuid7()),
        "device_seq": 1,
        "type": command_type,
        "occurred_at": START.isoformat(),
        "staff": staff,
        "payload": payload,
    } | extra


def post(base_url: str, token: str, *commands: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        f"{base_url}/v1/commands",
        json={"commands": list(commands)},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_health_answers_without_a_token(base_url: str) -> None:
    response = httpx.get(f"{base_url}/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_missing_wrong_and_revoked_tokens_get_401(
    base_url: str, world: World, ledger_engine: Engine
) -> None:
    purchase = command("purchase", {"card_number": "1234567", "amount_ore": 100})
    assert httpx.post(f"{base_url}/v1/commands", json={"commands": [purchase]}).status_code == 401
    wrong = post(base_url, "not-a-token", purchase)
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "unauthorized"
    with make_sessionmaker(ledger_engine).begin() as session:
        session.execute(
            update(Device).where(Device.id == world.terminal.id).values(revoked_at=world.clock())
        )
    revoked = post(base_url, world.tokens["terminal"], purchase)
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["message"]


def test_commands_apply_once_and_resend_returns_the_stored_result(
    base_url: str, world: World
) -> None:
    student = world.add_student()
    world.add_card(student, "1234567")
    deposit = command(
        "deposit.cash",
        {"student_id": str(student), "amount_ore": 5000, "receipt_no": "K-1"},
        staff="hanne",
    )
    first = post(base_url, world.tokens["office"], deposit)
    assert first.status_code == 200
    result = first.json()["results"][0]
    assert set(result) == {"command_id", "status", "code", "message", "seq", "result"}
    assert (result["status"], result["code"], result["result"]["balance_ore"]) == (
        "applied",
        "ok",
        5000,
    )
    again = post(base_url, world.tokens["office"], deposit)
    assert again.json()["results"][0] == result
    assert world.balance(student) == 5000
    altered = post(base_url, world.tokens["office"], deposit | {"device_seq": 2})
    assert altered.json()["results"][0]["code"] == "payload_mismatch"

    buys = [command("purchase", {"card_number": "1234567", "amount_ore": 2000}) for _ in range(3)]
    codes = [r["code"] for r in post(base_url, world.tokens["terminal"], *buys).json()["results"]]
    assert codes == ["ok", "ok", "insufficient_funds"]


def test_device_kind_and_staff_role_are_checked_per_command(base_url: str, world: World) -> None:
    student = world.add_student()
    deposit = command(
        "deposit.cash",
        {"student_id": str(student), "amount_ore": 100, "receipt_no": "K"},
        staff="hanne",
    )
    leave = command("student.leave", {"student_id": str(student)}, staff="hanne")
    by_terminal = post(base_url, world.tokens["terminal"], deposit).json()["results"][0]
    by_secretary = post(base_url, world.tokens["office"], leave).json()["results"][0]
    assert (by_terminal["status"], by_terminal["code"]) == ("rejected", "forbidden")
    assert (by_secretary["status"], by_secretary["code"]) == ("rejected", "forbidden")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"commands": []}, "commands"),
        (
            {"commands": [command("purchase", {"card_number": "1234567", "amount_ore": "ten"})]},
            "commands[0].payload.amount_ore",
        ),
        (
            {"commands": [command("purchase", {"card_number": "12ab", "amount_ore": 100})]},
            "commands[0].payload.card_number",
        ),
        ({"commands": [command("coffee", {})]}, "commands[0]"),
        (
            {
                "commands": [
                    command("purchase", {"card_number": "1234567", "amount_ore": 1}, command_id="x")
                ]
            },
            "commands[0].command_id",
        ),
        (
            {"commands": [command("purchase", {"card_number": "1234567"})]},
            "commands[0].payload.amount_ore",
        ),
        ({"orders": []}, "commands"),
    ],
)
def test_malformed_bodies_get_422_naming_the_field(
    base_url: str, world: World, body: dict[str, Any], field: str
) -> None:
    response = httpx.post(
        f"{base_url}/v1/commands",
        json=body,
        headers={"Authorization": f"Bearer {world.tokens['terminal']}"},
    )
    assert response.status_code == 422
    reply = response.json()
    assert reply["error"] == "invalid_request"
    assert any(item["field"] == field for item in reply["fields"]), reply
    assert field in reply["message"]


def test_too_many_commands_broken_json_and_huge_bodies_are_refused(
    base_url: str, world: World
) -> None:
    headers = {"Authorization": f"Bearer {world.tokens['terminal']}"}
    purchase = command("purchase", {"card_number": "1234567", "amount_ore": 100})
    too_many = httpx.post(
        f"{base_url}/v1/commands", json={"commands": [purchase] * 501}, headers=headers
    )
    assert too_many.status_code == 422
    broken = httpx.post(
        f"{base_url}/v1/commands",
        content=b'{"commands": [',
        headers=headers | {"Content-Type": "application/json"},
    )
    assert broken.status_code == 422
    huge = httpx.post(f"{base_url}/v1/commands", content=b"x" * 2_000_000, headers=headers)
    assert huge.status_code == 413
    assert huge.json()["error"] == "body_too_large"


def test_following_the_change_feed_rebuilds_balances_and_declines(
    base_url: str, world: World, ledger_engine: Engine
) -> None:
    student = world.add_student("Ærø Ågård")
    world.add_card(student, "7654321")
    world.deposit(student, 3000)
    world.buy("7654321", 2000)
    world.buy("7654321", 2000)
    changes: list[dict[str, Any]] = []
    after = 0
    headers = {"Authorization": f"Bearer {world.tokens['office']}"}
    for _ in range(100):
        page = httpx.get(
            f"{base_url}/v1/changes", params={"after": after, "limit": 3}, headers=headers
        ).json()
        changes += page["changes"]
        after = page["last_seq"]
        if not page["has_more"]:
            break
    kinds = {change["kind"] for change in changes}
    assert {
        "school",
        "staff",
        "student",
        "account",
        "card",
        "transaction",
        "declined_purchase",
    } <= kinds
    balances: dict[str, int] = {}
    for change in changes:
        if change["kind"] == "account":
            balances[change["data"]["id"]] = change["data"]["balance_ore"]
    with make_sessionmaker(ledger_engine)() as session:
        expected = dict(
            session.execute(
                select(Account.id, Account.balance_ore).where(Account.school_id == world.school_id)
            ).all()
        )
    assert {uuid.UUID(key): value for key, value in balances.items()} == expected
    declined = [c["data"] for c in changes if c["kind"] == "declined_purchase"]
    assert [(d["card_number"], d["code"]) for d in declined] == [("7654321", "insufficient_funds")]
    sums = [
        sum(e["amount_ore"] for e in c["data"]["entries"])
        for c in changes
        if c["kind"] == "transaction"
    ]
    assert sums and all(total == 0 for total in sums)


def test_concurrent_purchases_over_http_approve_exactly_five(
    base_url: str, world: World, ledger_engine: Engine
) -> None:
    student = world.add_student()
    world.add_card(student, "5550001")
    world.deposit(student, 5000)
    headers = {"Authorization": f"Bearer {world.tokens['terminal']}"}

    def buy(_: int) -> str:
        body = {"commands": [command("purchase", {"card_number": "5550001", "amount_ore": 1000})]}
        response = httpx.post(f"{base_url}/v1/commands", json=body, headers=headers, timeout=60)
        assert response.status_code == 200
        code: str = response.json()["results"][0]["code"]
        return code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(buy, range(100)))
    assert codes.count("ok") == 5
    assert world.balance(student) == 0
    assert verify(ledger_engine, world.school_id) == []


def test_openapi_publishes_every_command_type(base_url: str) -> None:
    spec = httpx.get(f"{base_url}/openapi.json").json()
    assert {"/v1/commands", "/v1/changes", "/health"} <= set(spec["paths"])
    text = json.dumps(spec)
    for name in (
        "PurchaseCommand",
        "DepositCashCommand",
        "PayoutApproveCommand",
        "ReversalRejectCommand",
    ):
        assert name in spec["components"]["schemas"], name
    assert '"discriminator"' in text
