"""Need to know: each kind of device reads only its allow-list of the change feed, also while
commands arrive, and every route checks the token before it reads anything of the request."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from starlette.routing import Route

from models.kinds import FEED_KINDS
from office_app.domain.ids import uuid7
from office_app.ledger.directory import add_device, revoke_device
from office_app.ledger.embedded import embedded_server
from office_app.ledger.feed_fields import ENTRIES, FEED_FIELDS, GUARDIAN_IDS, OFFICE
from office_app.ledger.server import create_app
from office_app.ledger.tools.seed import seed_demo
from tests.world import YESTERDAY, World, make_world

#: Columns no device ever reads: the owning school (implied by the token) and token hashes.
NEVER_SENT = {"school_id", "token_hash"}


@pytest.fixture
def world(ledger_engine: Engine) -> World:
    return make_world(ledger_engine)


@pytest.fixture
def base_url(ledger_engine: Engine, world: World) -> Iterator[str]:
    with embedded_server(ledger_engine, clock=world.clock) as url:
        yield url


def test_an_office_reads_every_column_its_replica_keeps() -> None:
    """The office's list is the whole schema of each kind (but the school and token hashes;
    an audit event's row number is the ledger's own), so a replica stays a full copy."""
    for kind, model in FEED_KINDS.items():
        columns = {column.key for column in model.__mapper__.column_attrs} - NEVER_SENT
        if kind == "audit_event":
            columns.discard("id")
        extra = {"transaction": {ENTRIES}, "student": {GUARDIAN_IDS}}.get(kind, set())
        assert OFFICE[kind] == columns | extra, kind


def test_the_lists_say_who_reads_staff_guardians_and_money() -> None:
    portal, terminal = FEED_FIELDS["portal"], FEED_FIELDS["terminal"]
    assert "password_hash" in OFFICE["staff"]
    assert not {"staff", "device", "audit_event"} & set(portal)
    assert {"student", "guardian", "card", "daily_cap", "account", "agreement", "transaction"} <= (
        set(portal)
    )
    assert set(terminal) == {"school", "student", "card"}
    assert terminal["student"] == {"id", "name", "class_label", "seq"}
    for kinds in FEED_FIELDS.values():
        for fields in kinds.values():
            assert not fields & NEVER_SENT


def _follow(base_url: str, token: str, limit: int, stop: threading.Event) -> list[dict[str, Any]]:
    """Every change a device reads, page by page, until the writers stop and the feed ends."""
    seen: list[dict[str, Any]] = []
    after = 0
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as client:
        for _ in range(100_000):
            stopping = stop.is_set()
            page = client.get("/v1/changes", params={"after": after, "limit": limit}).json()
            seen += page["changes"]
            after = page["last_seq"]
            if stopping and not page["has_more"]:
                return seen
    raise AssertionError("the feed did not end")


def _busy_school(world: World, stop: threading.Event) -> None:
    """Commands of every sort that changes what a device reads, from four threads at once."""
    children = [world.add_student(f"Barn {n}") for n in range(4)]
    for n, child in enumerate(children):
        world.add_card(child, f"771000{n}")
        deposited = world.deposit(child, 20_000)
    reverse = {"txn_id": deposited.result["txn_id"], "reason": "Tastefejl"}
    assert world.office_send("txn.reverse", reverse, staff="ole").status == "applied"

    def work(n: int) -> None:
        child, card = children[n], f"771000{n}"
        for step in range(8):
            world.deposit(child, 1000)
            world.buy(card, 700)
            world.office_send("cap.set", {"student_id": child, "daily_cap_ore": 5000 + step})
            world.send(
                world.portal,
                "autotopup.create" if step % 2 == 0 else "autotopup.cancel",
                {"student_id": child, "amount_ore": 10_000, "payment_ref": f"agr-{n}-{step}"}
                if step % 2 == 0
                else {"student_id": child},
            )
            world.office_send(
                "payout.request",
                {
                    "student_id": child,
                    "amount_ore": 100,
                    "holder_name": "Mette Nielsen",
                    "reg_no": "1234",
                    "account_no": "12345678",
                    "message": "Udbetaling",
                    "payout_id": uuid7(),
                },
                staff="hanne",
            )
        world.office_send("card.block", {"card_number": card, "reason": "lost"}, staff="hanne")

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(work, range(4)))
    finally:
        stop.set()


def test_each_kind_of_device_reads_only_its_allow_list_while_commands_arrive(
    world: World, base_url: str, ledger_engine: Engine
) -> None:
    seed_demo(ledger_engine, world.school_id, students=12, days=3, seed=5, today=YESTERDAY)
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=4) as pool:
        readers = {
            kind: pool.submit(_follow, base_url, world.tokens[kind], 9, stop)
            for kind in FEED_FIELDS
        }
        _busy_school(world, stop)
        seen = {kind: reader.result(timeout=300) for kind, reader in readers.items()}
    for device_kind, changes in seen.items():
        allowed = FEED_FIELDS[device_kind]
        fields_seen: dict[str, set[str]] = defaultdict(set)
        for change in changes:
            kind = change["kind"]
            assert kind in allowed, f"{device_kind} was sent a {kind} row"
            outside = set(change["data"]) - allowed[kind]
            assert not outside, f"{device_kind} was sent {kind} fields {sorted(outside)}"
            fields_seen[kind] |= set(change["data"])
        # Every kind on the list was read, with every field on it: the test saw real pages.
        assert fields_seen == {kind: set(fields) for kind, fields in allowed.items()}, device_kind
    portal_accounts = [c["data"] for c in seen["portal"] if c["kind"] == "account"]
    assert portal_accounts and all(a["student_id"] is not None for a in portal_accounts)
    office_staff = [c["data"] for c in seen["office"] if c["kind"] == "staff"]
    assert all(staff["password_hash"].startswith("$argon2id$") for staff in office_staff)


def _routes(engine: Engine, world: World) -> list[tuple[str, str]]:
    app = create_app(engine, clock=world.clock)
    found = []
    for route in app.routes:
        if isinstance(route, APIRoute | Route):
            found += [(method, route.path) for method in sorted(route.methods or ())]
    return found


def test_every_route_checks_the_token_before_it_reads_the_request(
    world: World, base_url: str, ledger_engine: Engine
) -> None:
    """No token, an unknown token and a revoked one, each with a body that is not JSON, a
    body of the wrong shape, a query out of range: 401 every time, and nothing about the
    request in the answer."""
    revoked = add_device(
        ledger_engine, world.school_id, "office", "Gammelt kontor", clock=world.clock
    )
    revoke_device(ledger_engine, revoked.device_id, clock=world.clock)
    routes = _routes(ledger_engine, world)
    open_routes = {path for _, path in routes if not path.startswith("/v1/")}
    # The operator's routes hold no child's data; /metrics takes its own token when one is set.
    operator = {"/health", "/ready", "/metrics"}
    assert open_routes == operator | {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
    protected = [(method, path) for method, path in routes if path.startswith("/v1/")]
    assert {path for _, path in protected} == {"/v1/commands", "/v1/changes"}
    bodies: list[dict[str, Any]] = [
        {"content": b"{not json"},
        {"json": {"commands": "none"}},
        {"content": b"\xff\xfe"},
        {"json": {"commands": [{"type": "purchase"}]}},
    ]
    authorizations = {
        "none": None,
        "unknown": "Bearer not-a-token",
        "revoked": f"Bearer {revoked.token}",
        "another scheme": f"Basic {world.tokens['office']}",
    }
    with httpx.Client(base_url=base_url) as client:
        for method, path in protected:
            for who, authorization in authorizations.items():
                headers = {} if authorization is None else {"Authorization": authorization}
                for body in bodies:
                    answer = client.request(
                        method, path, params={"after": -1, "limit": "x"}, headers=headers, **body
                    )
                    assert answer.status_code == 401, (method, path, who, body, answer.text)
                    assert answer.json()["error"] == "unauthorized"
                    assert answer.json()["fields"] == []
                    assert answer.headers["WWW-Authenticate"] == "Bearer"
            # A valid token gets as far as the request's own faults.
            valid = {"Authorization": f"Bearer {world.tokens['office']}"}
            answer = client.request(
                method, path, params={"after": -1}, headers=valid, content=b"{not json"
            )
            assert answer.status_code == 422, (method, path, answer.text)
