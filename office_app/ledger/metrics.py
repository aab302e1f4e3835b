"""The ledger's Prometheus metrics, served at ``/metrics``.

What an operator watches: commands by type and outcome, request latency by route, requests
waiting for a writer, each school's change-feed head and each device's last pull (how far
behind an office is: the school's head minus the device's position).

Nothing here names a person or carries a secret: labels are command types, outcome codes,
route templates (never a path as sent, never a query), HTTP status codes, and the ids of
schools and devices, which grant nothing (a device proves itself by its token, which no
metric holds).

With several server processes (``ledger serve --workers N``) every process writes its values
to files in ``PROMETHEUS_MULTIPROC_DIR`` and a scrape of any of them adds them up.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine, select

from models import ChangeSequence
from office_app.db import one_statement
from office_app.ledger.context import DeviceRef

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: Seconds: a purchase answers in milliseconds; a batch of 500 office commands in about one.
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def multiprocess() -> bool:
    """Whether this process is one of several server processes sharing their metrics."""
    return bool(os.environ.get(MULTIPROCESS_ENV))


class FeedHeads(Collector):
    """Each school's change-feed head, read from the database at every scrape, and whether the
    database answered at all."""

    def __init__(self, engine: Engine) -> None:
        self.engine = one_statement(engine)

    def collect(self) -> Iterable[Metric]:
        heads = GaugeMetricFamily(
            "office_ledger_feed_head",
            "The last change number committed for the school: its change feed's head",
            labels=["school"],
        )
        up = GaugeMetricFamily(
            "office_ledger_database_up", "1 when the ledger's database answered this scrape"
        )
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(
                    select(ChangeSequence.school_id, ChangeSequence.last_seq)
                ).all()
        except Exception:  # noqa: BLE001 - a scrape reports a database it cannot read
            up.add_metric([], 0)
            yield up
            return
        for school_id, last_seq in rows:
            heads.add_metric([str(school_id)], last_seq)
        up.add_metric([], 1)
        yield up
        yield heads


class LedgerMetrics:
    """The metrics one ledger server process keeps, and their text for a scrape."""

    def __init__(self, engine: Engine) -> None:
        self.shared = multiprocess()
        # Several processes keep their values in shared files, found again at a scrape;
        # one process keeps them in a registry of its own (so tests can run several servers).
        self.registry = None if self.shared else CollectorRegistry()
        self.feed_heads = FeedHeads(engine)
        if self.registry is not None:
            self.registry.register(self.feed_heads)
        self.commands = Counter(
            "office_ledger_commands",
            "Commands decided by the ledger, by type and outcome: ok, a rejection code, or "
            "replayed (a resend answered with its stored outcome)",
            ["type", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "office_ledger_request_seconds",
            "Time from a request's arrival to its answer, by route and status",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.writer_queue = Gauge(
            "office_ledger_writer_queue",
            "Requests of commands waiting for a writer",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.last_pull = Gauge(
            "office_ledger_device_last_pull_timestamp_seconds",
            "When the device last read the change feed (Unix time)",
            ["school", "device", "kind"],
            registry=self.registry,
            multiprocess_mode="max",
        )
        self.position = Gauge(
            "office_ledger_device_feed_position",
            "The change number the device has read up to: the feed head minus this is how "
            "far behind it is",
            ["school", "device", "kind"],
            registry=self.registry,
            multiprocess_mode="max",
        )

    def decided(self, decisions: Sequence[tuple[str, str]]) -> None:
        """Count committed commands by type and outcome."""
        for command_type, outcome in decisions:
            self.commands.labels(command_type, outcome).inc()

    def pulled(self, device: DeviceRef, position: int, at: float) -> None:
        """A device read the feed up to ``position`` at Unix time ``at``."""
        labels = (str(device.school_id), str(device.id), device.kind)
        self.last_pull.labels(*labels).set(at)
        self.position.labels(*labels).set(position)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        if self.registry is not None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(self.feed_heads)
        return generate_latest(registry)
