"""What an operator sees of a running ledger: /metrics, /ready, request ids and JSON logs.

/metrics is read with Prometheus' own text parser after known traffic over real HTTP, and
its counters must equal what was sent; it must carry no token and no person's name.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, select

from models import ChangeSequence
from office_app.db import make_engine
from office_app.domain.ids import uuid7
from office_app.ledger.embedded import embedded_server
from office_app.ledger.requestlog import JsonFormatter
from office_app.ledger.tools.process import LedgerProcess, free_port
from tests.world import START, World, make_world

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]
CARD = "4000001"
POOR_CARD = "4000002"


def scrape(url: str, token: str | None = None) -> Samples:
    """Every sample of /metrics, parsed by prometheus_client's parser, by name and labels."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.get(f"{url}/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def command(command_type: str, payload: dict[str, Any], staff: str | None = None) -> dict[str, Any]:
    return {
        "command_id": str(uuid7()),
        "device_seq": 1,
        "type": command_type,
        "occurred_at": START.isoformat(),
        "staff": staff,
        "payload": payload,
    }


def post(url: str, token: str, *commands: dict[str, Any]) -> httpx.Response:
    response = httpx.post(
        f"{url}/v1/commands",
        json={"commands": list(commands)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response


def purchase(card_number: str, amount_ore: int) -> dict[str, Any]:
    return command("purchase", {"card_number": card_number, "amount_ore": amount_ore})


@pytest.fixture
def world(ledger_engine: Engine) -> World:
    world = make_world(ledger_engine)
    world.child_with_card(10_000, CARD)
    world.child_with_card(100, POOR_CARD)
    return world


def test_metrics_count_exactly_the_commands_sent_and_name_no_one(
    ledger_engine: Engine, world: World
) -> None:
    terminal, office = world.tokens["terminal"], world.tokens["office"]
    student = world.add_student("Ingrid Sørensen")
    with embedded_server(ledger_engine, clock=world.clock) as url:
        before = scrape(url)
        sent_purchases = [purchase(CARD, 500) for _ in range(7)]
        for one in sent_purchases:
            post(url, terminal, one)
        post(url, terminal, purchase(POOR_CARD, 5000), purchase(POOR_CARD, 6000))
        post(url, terminal, purchase("4999999", 100))
        post(url, terminal, sent_purchases[0], sent_purchases[1])  # resent: replayed
        deposit = {"student_id": str(student), "amount_ore": 2000, "receipt_no": "K-1"}
        post(url, office, *[command("deposit.cash", deposit, staff="hanne") for _ in range(3)])
        world.clock.advance(minutes=5)
        feed = httpx.get(
            f"{url}/v1/changes", params={"after": 0}, headers={"Authorization": f"Bearer {office}"}
        )
        assert feed.status_code == 200
        position = feed.json()["last_seq"]
        after = scrape(url)
        body = httpx.get(f"{url}/metrics").text

    def sent(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    commands = "office_ledger_commands_total"
    assert sent(commands, type="purchase", outcome="ok") == 7
    assert sent(commands, type="purchase", outcome="insufficient_funds") == 2
    assert sent(commands, type="purchase", outcome="unknown_card") == 1
    assert sent(commands, type="purchase", outcome="replayed") == 2
    assert sent(commands, type="deposit.cash", outcome="ok") == 3
    counted = sum(sent(name, **dict(labels)) for name, labels in after if name == commands)
    assert counted == 7 + 2 + 1 + 2 + 3, "a command counted that was not sent"
    latency = "office_ledger_request_seconds_count"
    assert sent(latency, method="POST", route="/v1/commands", status="200") == 7 + 1 + 1 + 1 + 1
    assert sent(latency, method="GET", route="/v1/changes", status="200") == 1
    with ledger_engine.connect() as connection:
        head = connection.execute(
            select(ChangeSequence.last_seq).where(ChangeSequence.school_id == world.school_id)
        ).scalar_one()
    school = str(world.school_id)
    assert value(after, "office_ledger_feed_head", school=school) == head == position
    device = {"school": school, "device": str(world.office.id), "kind": "office"}
    assert value(after, "office_ledger_device_feed_position", **device) == position
    assert value(
        after, "office_ledger_device_last_pull_timestamp_seconds", **device
    ) == pytest.approx(world.clock().timestamp())
    assert value(after, "office_ledger_writer_queue") == 0
    assert value(after, "office_ledger_database_up") == 1
    for secret_or_personal in (*world.tokens.values(), "Ingrid", "Sørensen", CARD, "K-1"):
        assert secret_or_personal not in body


def test_metrics_need_the_metrics_token_when_one_is_set(sqlite_engine: Engine) -> None:
    world = make_world(sqlite_engine)
    with embedded_server(sqlite_engine, clock=world.clock, metrics_token="scrape-me-7") as url:
        assert httpx.get(f"{url}/metrics").status_code == 401
        wrong = httpx.get(f"{url}/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"
        assert value(scrape(url, "scrape-me-7"), "office_ledger_database_up") == 1
        assert httpx.get(f"{url}/health").status_code == 200


def test_ready_checks_the_database_and_health_does_not(
    ledger_engine: Engine, tmp_path: Path
) -> None:
    world = make_world(ledger_engine)
    with embedded_server(ledger_engine, clock=world.clock) as url:
        ready = httpx.get(f"{url}/ready")
        assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
    nowhere = make_engine(f"postgresql://postgres@127.0.0.1:{free_port()}/ledger")
    empty = make_engine(str(tmp_path / "empty.db"))
    for engine, reason in ((nowhere, "127.0.0.1"), (empty, "no such table")):
        with embedded_server(engine, clock=world.clock) as url:
            assert httpx.get(f"{url}/health").status_code == 200
            not_ready = httpx.get(f"{url}/ready")
            assert not_ready.status_code == 503
            assert not_ready.json()["error"] == "not_ready"
            assert reason in not_ready.json()["message"]
            assert value(scrape(url), "office_ledger_database_up") == 0
        engine.dispose()


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """The request log's lines as the server writes them, in JSON."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("office_app.ledger.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_every_request_gets_a_request_id_and_one_json_log_line_without_its_token(
    sqlite_engine: Engine, json_log: io.StringIO
) -> None:
    world = make_world(sqlite_engine)
    world.child_with_card(10_000, CARD)
    token = world.tokens["terminal"]
    headers = {"Authorization": f"Bearer {token}"}
    with embedded_server(sqlite_engine, clock=world.clock) as url:
        given = httpx.post(
            f"{url}/v1/commands",
            json={"commands": [purchase(CARD, 100)]},
            headers=headers | {"X-Request-ID": "till-7.42"},
        )
        made = httpx.get(f"{url}/v1/changes?after=0", headers=headers)
        smuggled = httpx.get(f"{url}/health", headers={"X-Request-ID": "x\tinjected"})
        missing = httpx.get(f"{url}/no/such/path?card=4000001")
    assert given.headers["x-request-id"] == "till-7.42"
    assert len(made.headers["x-request-id"]) == 32
    assert smuggled.headers["x-request-id"] != "x\tinjected"
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    by_id = {line["request_id"]: line for line in lines}
    assert by_id["till-7.42"] | {"duration_ms": 0, "time": ""} == {
        "time": "",
        "level": "info",
        "logger": "office_app.ledger.requests",
        "pid": os.getpid(),
        "message": "request",
        "request_id": "till-7.42",
        "method": "POST",
        "route": "/v1/commands",
        "status": 200,
        "duration_ms": 0,
    }
    assert by_id[made.headers["x-request-id"]]["route"] == "/v1/changes"
    assert by_id[missing.headers["x-request-id"]]["route"] == "unmatched"
    assert len(lines) == 4
    assert token not in json_log.getvalue() and CARD not in json_log.getvalue()
    uuid.UUID(made.headers["x-request-id"])


@pytest.mark.postgres
def test_several_server_processes_on_postgresql_add_up_their_metrics(
    postgres_engine_shared: Engine,
) -> None:
    world = make_world(postgres_engine_shared)
    student = world.child_with_card(100_000, CARD)
    database = postgres_engine_shared.url.render_as_string(hide_password=False)
    terminal = world.tokens["terminal"]
    purchases = [purchase(CARD, 100) for _ in range(60)]
    with LedgerProcess(database, workers=2) as server:

        def buy(one: dict[str, Any]) -> None:
            post(server.url, terminal, one)  # a connection of its own: either process answers

        with ThreadPoolExecutor(max_workers=6) as pool:
            list(pool.map(buy, purchases))
        scrapes = [scrape(server.url) for _ in range(6)]
        log = server.log()
    for samples in scrapes:
        assert value(samples, "office_ledger_commands_total", type="purchase", outcome="ok") == 60
    requests = [json.loads(line) for line in log.splitlines() if '"message": "request"' in line]
    commands_logged = [line for line in requests if line["route"] == "/v1/commands"]
    assert len(commands_logged) == 60
    assert len({line["pid"] for line in commands_logged}) == 2, "one process did all the work"
    assert world.balance(student) == 100_000 - 60 * 100


def test_several_server_processes_are_refused_on_sqlite(sqlite_engine: Engine) -> None:
    database = str(sqlite_engine.url.database)
    serve = [sys.executable, "-m", "office_app", "ledger", "serve", "--database", database]
    refused = subprocess.run(
        [*serve, "--workers", "2", "--port", "0"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "office-app: --workers: a SQLite ledger takes one writing process; serve it with "
        "--workers 1, or move the ledger to PostgreSQL"
    ]
