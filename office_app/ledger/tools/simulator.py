"""A canteen at lunch time, against a running ledger: terminals buying, parents topping up.

It learns the school's cards from the change feed, then sends purchases of 20 to 60 kr. at a
steady rate (some on blocked or retired cards, some over a daily cap), online top-ups and new
automatic top-up agreements through the portal, and reports what the ledger decided. It is
bounded by its duration and by rate x duration requests, and stops by itself.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from office_app.domain.ids import uuid7
from office_app.domain.localtime import Clock
from office_app.domain.money import format_kr

PURCHASE_PRICES_ORE = tuple(range(2000, 6001, 500))
MAX_DURATION_SECONDS = 24 * 3600
MAX_RATE = 2000.0
#: How long one request may take before the simulator counts it as unanswered.
REQUEST_TIMEOUT_SECONDS = 10.0


class SimulatorError(Exception):
    """A failure to report as one line: unreachable ledger, refused token."""


class Unanswered(SimulatorError):
    """A request that got no usable answer (network, timeout, 5xx): the run goes on."""


@dataclass
class SimCard:
    number: str
    student_id: str
    status: str


@dataclass
class SimulationReport:
    purchases: Counter[str] = field(default_factory=Counter)
    online_deposits: int = 0
    online_deposit_ore: int = 0
    agreements: Counter[str] = field(default_factory=Counter)
    auto_topups: int = 0
    transport_errors: int = 0
    elapsed_seconds: float = 0.0

    def lines(self) -> list[str]:
        approved = self.purchases.get("ok", 0)
        declined = {code: count for code, count in self.purchases.items() if code != "ok"}
        out = [f"Purchases approved: {approved}"]
        out += [f"Declined ({code}): {count}" for code, count in sorted(declined.items())]
        out.append(
            f"Online deposits: {self.online_deposits} ({format_kr(self.online_deposit_ore)})"
        )
        out.append(f"Automatic top-ups fired: {self.auto_topups}")
        out += [f"Top-up agreements ({code}): {n}" for code, n in sorted(self.agreements.items())]
        if self.transport_errors:
            out.append(f"Requests without an answer: {self.transport_errors}")
        out.append(f"Elapsed: {self.elapsed_seconds:.1f} s")
        return out


class CanteenSimulator:
    def __init__(
        self,
        url: str,
        terminal_token: str,
        portal_token: str,
        *,
        clock: Clock,
        seed: int | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.clock = clock
        self.url = url.rstrip("/")
        self.client = client or httpx.Client(timeout=REQUEST_TIMEOUT_SECONDS)
        self.terminal = {"Authorization": f"Bearer {terminal_token}"}
        self.portal = {"Authorization": f"Bearer {portal_token}"}
        self.random = random.Random(seed)  # noqa: S311 - simulated behaviour, not secrets
        self.cards: list[SimCard] = []
        self.balances: dict[str, int] = {}
        self.device_seq = 0
        self.report = SimulationReport()

    def _request(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
        try:
            response = self.client.request(method, f"{self.url}{path}", headers=headers, **kwargs)
        except httpx.HTTPError as error:
            raise Unanswered(f"--url: cannot reach the ledger at {self.url}: {error}") from None
        if response.status_code == 401:
            who = "terminal" if headers is self.terminal else "portal"
            raise SimulatorError(f"--{who}-token: the ledger refused the token")
        if response.status_code != 200:
            raise SimulatorError(
                f"the ledger answered {response.status_code}: {response.text[:200]}"
            )
        return response.json()

    def load_school(self) -> None:
        """Read the school's cards and balances from the change feed."""
        wallets: dict[str, int] = {}
        after = 0
        cards: dict[str, SimCard] = {}
        for _ in range(100_000):
            page = self._request(
                "GET", "/v1/changes", self.terminal, params={"after": after, "limit": 5000}
            )
            for change in page["changes"]:
                data = change["data"]
                if change["kind"] == "card":
                    cards[data["id"]] = SimCard(
                        data["card_number"], data["student_id"], data["status"]
                    )
                elif change["kind"] == "account" and data["kind"] == "wallet":
                    wallets[data["student_id"]] = data["balance_ore"]
            after = page["last_seq"]
            if not page["has_more"]:
                break
        self.cards = list(cards.values())
        self.balances = dict(wallets)
        if not self.cards:
            raise SimulatorError("the school has no cards yet: issue cards or seed a demo first")

    def _send(
        self, headers: dict[str, str], command_type: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        self.device_seq += 1
        command = {
            "command_id": str(uuid7()),
            "device_seq": self.device_seq,
            "type": command_type,
            "occurred_at": self.clock().isoformat(),
            "payload": payload,
        }
        try:
            reply = self._request("POST", "/v1/commands", headers, json={"commands": [command]})
        except Unanswered:
            self.report.transport_errors += 1
            raise
        result: dict[str, Any] = reply["results"][0]
        return result

    def step(self) -> None:
        """One thing happening in the canteen or at a parent's phone."""
        roll = self.random.random()
        if roll < 0.88:
            self._purchase()
        elif roll < 0.98:
            self._online_deposit()
        else:
            self._agreement()

    def _purchase(self) -> None:
        card = self.random.choice(self.cards)
        amount = self.random.choice(PURCHASE_PRICES_ORE)
        result = self._send(
            self.terminal, "purchase", {"card_number": card.number, "amount_ore": amount}
        )
        self.report.purchases[result["code"]] += 1
        if result["status"] == "applied":
            self.balances[card.student_id] = result["result"]["balance_ore"]
            if "autotopup_txn_id" in result["result"]:
                self.report.auto_topups += 1

    def _poorest_student(self) -> str:
        sample = self.random.sample(list(self.balances), min(8, len(self.balances)))
        return min(sample, key=lambda student: self.balances[student])

    def _online_deposit(self) -> None:
        student_id = self._poorest_student()
        amount = self.random.choice((10000, 15000, 20000, 30000))
        payload = {
            "student_id": student_id,
            "amount_ore": amount,
            "method": self.random.choice(("card", "mobilepay")),
            "payment_ref": f"SIM-{self.random.randrange(10**9)}",
        }
        result = self._send(self.portal, "deposit.online", payload)
        if result["status"] == "applied":
            self.report.online_deposits += 1
            self.report.online_deposit_ore += amount
            if "balance_ore" in result["result"]:
                self.balances[student_id] = result["result"]["balance_ore"]

    def _agreement(self) -> None:
        student_id = self.random.choice(list(self.balances))
        payload = {"student_id": student_id, "amount_ore": 10000, "payment_ref": "SIM-AFTALE"}
        result = self._send(self.portal, "autotopup.create", payload)
        self.report.agreements[result["code"]] += 1

    def run(
        self,
        rate: float,
        duration: float,
        *,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> SimulationReport:
        """``rate`` events per second for ``duration`` seconds, then stop."""
        if not 0 < rate <= MAX_RATE:
            raise SimulatorError(f"--rate: must be more than 0 and at most {MAX_RATE:g} per second")
        if not 0 < duration <= MAX_DURATION_SECONDS:
            raise SimulatorError(
                f"--duration: must be more than 0 and at most {MAX_DURATION_SECONDS} s"
            )
        if not self.cards:
            self.load_school()
        started = time.monotonic()
        budget = max(1, int(rate * duration))
        for index in range(budget):
            due = started + index / rate
            now = time.monotonic()
            if now - started >= duration or should_stop():
                break
            if due > now:
                time.sleep(due - now)
            try:
                self.step()
            except Unanswered:
                if self.report.transport_errors > 50:
                    raise
        self.report.elapsed_seconds = time.monotonic() - started
        return self.report
