"""Fuzzing the running ledger server from its own OpenAPI document (schemathesis).

Every operation the document publishes is called on the real server on 127.0.0.1 with
valid and invalid inputs derived from the schema, as each kind of device in turn: no input
may produce a server error, input the document forbids must be refused, and every answer
must match the document. Afterwards the ledger's invariants still hold.

One check is left out: that every input the document allows is accepted. The document
gives types and limits; some rules are checked beyond it (a card number is 6 to 20 digits
once spaces and dashes are dropped, text has no control characters) and answered with a
422 that names the field, which is what a sender should get.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import positive_data_acceptance
from sqlalchemy import Engine

from office_app.db import make_engine
from office_app.ledger.embedded import embedded_server
from office_app.ledger.verify import verify
from tests.world import World, make_world

DEVICES = itertools.cycle(("office", "terminal", "portal"))


class Fuzzed:
    def __init__(self, engine: Engine, world: World, url: str) -> None:
        self.engine = engine
        self.world = world
        self.url = url
        self.calls = 0


@pytest.fixture(scope="module")
def fuzzed(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzzed]:
    path = tmp_path_factory.mktemp("fuzz") / "ledger.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(str(path))
    world = make_world(engine)
    student = world.add_student()
    world.add_card(student, "1234567")
    world.deposit(student, 50_000)
    with embedded_server(engine, clock=world.clock) as url:
        yield Fuzzed(engine, world, url)
    engine.dispose()


@pytest.fixture(scope="module")
def ledger_schema(fuzzed: Fuzzed) -> schemathesis.BaseSchema:
    """The published document; each call carries a device token, and unknown query
    parameters are left out (the server ignores them, as HTTP servers do)."""
    loaded = schemathesis.openapi.from_url(f"{fuzzed.url}/openapi.json")
    loaded.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
    return loaded


schema = schemathesis.pytest.from_fixture("ledger_schema")


@schema.parametrize()
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_gets_a_server_error(case: Case[Any], fuzzed: Fuzzed) -> None:
    token = fuzzed.world.tokens[next(DEVICES)]
    fuzzed.calls += 1
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance]
    )


def test_the_ledger_holds_after_fuzzing(fuzzed: Fuzzed) -> None:
    assert fuzzed.calls > 100
    assert verify(fuzzed.engine) == []


def test_what_fuzzing_found_is_answered_as_documented(fuzzed: Fuzzed) -> None:
    """A number for a time, a sequence number past what JSON keeps exactly, bytes that are
    not UTF-8, and an undeclared method each get a clear, documented answer."""
    headers = {"Authorization": f"Bearer {fuzzed.world.tokens['terminal']}"}
    purchase = {
        "command_id": "0190f3c2-0000-7000-8000-000000000001",
        "device_seq": 1,
        "type": "purchase",
        "occurred_at": 0,
        "payload": {"card_number": "1234567", "amount_ore": 100},
    }
    url = f"{fuzzed.url}/v1/commands"
    number_as_time = httpx.post(url, json={"commands": [purchase]}, headers=headers)
    assert number_as_time.status_code == 422
    assert "commands[0].occurred_at: " in number_as_time.json()["message"]
    too_far = purchase | {"occurred_at": "2026-11-24T08:00:00Z", "device_seq": 2**53}
    too_far_answer = httpx.post(url, json={"commands": [too_far]}, headers=headers)
    assert too_far_answer.status_code == 422
    assert "commands[0].device_seq" in too_far_answer.json()["message"]
    not_text = httpx.post(
        url, content=b"o\xff", headers=headers | {"Content-Type": "application/json"}
    )
    assert (not_text.status_code, not_text.json()["error"]) == (422, "invalid_request")
    assert not_text.json()["message"].startswith("body: ")
    traced = httpx.request("TRACE", url, headers=headers)
    assert traced.status_code == 405
    assert traced.headers["Allow"] == "POST"
