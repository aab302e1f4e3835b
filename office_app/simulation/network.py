"""The ledger app served in-process, and a network between it and the clients that misbehaves.

Every request from every simulated client goes through ``Network.deliver``, which may lose
the request, lose the response after the ledger committed, deliver it twice, hold it back
and deliver it later (after newer requests), or crash the office that sent it once the
ledger has answered. Every commands response it sees is compared with the outcomes seen
before for the same command ids (I6).
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from sqlalchemy import Engine

from office_app.domain.localtime import Clock
from office_app.ledger.server import create_app

T = TypeVar("T")
BASE_URL = "http://ledger.simulated"


class OfficeCrashed(Exception):
    """The office process died while its request was in flight; raised to the office's loop."""


class InProcessServer:
    """The real ledger app, its lifespan run as uvicorn would, on an event loop of its own.

    The loop runs in the caller's thread for the length of each request, so a request is
    handled completely before the simulation takes its next step.
    """

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.app = create_app(engine, clock=clock)
        self._loop = asyncio.new_event_loop()
        self._lifespan = self.app.router.lifespan_context(self.app)
        self._call(self._lifespan.__aenter__())
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url=BASE_URL
        )

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self._loop.run_until_complete(coroutine)

    def handle(self, request: httpx.Request) -> httpx.Response:
        async def send() -> tuple[int, httpx.Headers, bytes]:
            response = await self._client.request(
                request.method, request.url, headers=request.headers, content=request.content
            )
            return response.status_code, response.headers, response.content

        status, headers, content = self._call(send())
        return httpx.Response(status, headers=headers, content=content)

    def stop(self) -> None:
        """Shut down as a server process would: finish the work in hand, then stop."""
        self._call(self._client.aclose())
        self._call(self._lifespan.__aexit__(None, None, None))
        self._loop.close()


@dataclass(frozen=True)
class FaultRates:
    """How often each fault strikes, per request (network) or per operation (the rest)."""

    lost_request: float = 0.02
    lost_response: float = 0.02
    duplicate: float = 0.02
    delayed: float = 0.01
    server_restart: float = 0.0005
    office_crash: float = 0.001
    clock_skew: float = 0.002
    night: float = 0.0004


CALM = FaultRates(0, 0, 0, 0, 0, 0, 0, 0)


@dataclass
class Network:
    rng: random.Random
    server: InProcessServer
    rates: FaultRates
    faults: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)
    outcomes: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    observers: list[Callable[[dict[str, Any]], None]] = field(default_factory=list)
    held: list[httpx.Request] = field(default_factory=list)
    down_for: int = 0
    crash_next: set[str] = field(default_factory=set)

    def transport(self, sender: str) -> httpx.BaseTransport:
        return _Transport(self, sender)

    def deliver(self, sender: str, request: httpx.Request) -> httpx.Response:
        request.read()
        if self.down_for > 0:
            self.down_for -= 1
            self.faults["server_down"] += 1
            raise httpx.ConnectError("the ledger is restarting", request=request)
        roll = self.rng.random()
        rates = self.rates
        if roll < rates.lost_request:
            self.faults["lost_request"] += 1
            raise httpx.ConnectError("request lost", request=request)
        roll -= rates.lost_request
        if request.method == "POST" and roll < rates.delayed:
            self.faults["delayed"] += 1
            self.held.append(request)
            raise httpx.ReadTimeout("request held back in the network", request=request)
        roll -= rates.delayed
        response = self._answer(request)
        if sender in self.crash_next:
            self.crash_next.discard(sender)
            self.faults["office_crash"] += 1
            raise OfficeCrashed(sender)
        if roll < rates.lost_response:
            self.faults["lost_response"] += 1
            raise httpx.ReadTimeout("response lost after the ledger answered", request=request)
        roll -= rates.lost_response
        if roll < rates.duplicate:
            self.faults["duplicate"] += 1
            response = self._answer(request)
        return response

    def release_held(self, everything: bool = False) -> None:
        """Deliver requests held back earlier, after newer ones: the ledger sees them late."""
        while self.held and (everything or self.rng.random() < 0.5):
            request = self.held.pop(self.rng.randrange(len(self.held)))
            self.faults["reordered"] += 1
            self._answer(request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        response = self.server.handle(request)
        if response.status_code >= 500:
            self.violations.append(f"{request.method} {request.url.path}: {response.status_code}")
        if request.method == "POST" and response.status_code == 200:
            for result in response.json()["results"]:
                self._compare(result)
        return response

    def _compare(self, result: dict[str, Any]) -> None:
        """I6: the same command id always gets the same stored outcome back."""
        signature = (
            result["status"],
            result["code"],
            result["seq"],
            json.dumps(result["result"], sort_keys=True),
        )
        command_id = result["command_id"]
        earlier = self.outcomes.setdefault(command_id, signature)
        if earlier != signature:
            self.violations.append(f"I6: command {command_id} got {signature}, before {earlier}")
        for observer in self.observers:
            observer(result)


class _Transport(httpx.BaseTransport):
    def __init__(self, network: Network, sender: str) -> None:
        self.network = network
        self.sender = sender

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.network.deliver(self.sender, request)
