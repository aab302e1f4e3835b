"""The ledger's writer threads: queued requests of one school share a transaction.

One writer at a time works for a school; while it applies a group of commands, the school's
requests that arrive wait in a queue. The next free writer takes the oldest request of a
school no other writer is busy with, together with that school's requests queued behind it,
up to ``GROUP_SIZE`` commands, looks up the senders' tokens in one query (so a token revoked
a moment ago is refused) and applies the commands in one transaction (group commit); on
PostgreSQL both on the connection the writer keeps for its work. Under load this shares the
device lookup, the school's lock, its round trips and the commit among many terminals; a
request that arrives alone is applied alone, at once.

When the database cannot be reached (its server died, or a standby is being promoted), a
writer tries the group again on a new connection for up to ``RECONNECT_SECONDS``: every
command id is stored once, so a group whose commit was cut off is applied again only where
the surviving server does not already have it.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import Connection

from office_app.db import database_unreachable
from office_app.domain.commands import Command, CommandResult
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import devices_by_token
from office_app.ledger.engine import GROUP_SIZE, Ledger

#: How long a writer keeps trying a group while the database cannot be reached.
RECONNECT_SECONDS = 20.0
#: The longest pause between two tries.
RECONNECT_PAUSE_SECONDS = 0.5


class UnknownDevice(Exception):
    """The request's token was unknown or revoked when a writer took the request."""


@dataclass(frozen=True)
class Request:
    """One ``POST /v1/commands`` waiting for a writer, and where its answer goes.

    ``school_id`` is the school the token's device belonged to when it was first seen; a
    device never changes school, and the writer checks the token again before applying.
    """

    token_hash: str
    school_id: uuid.UUID
    commands: Sequence[Command]
    answer: Future[list[CommandResult]] = field(default_factory=Future)


class Writers:
    """A fixed number of writer threads over one ledger, started on first use."""

    def __init__(
        self, ledger: Ledger, count: int, queued: Callable[[int], None] | None = None
    ) -> None:
        """``queued`` is told how many requests wait whenever that changes (for metrics)."""
        self.ledger = ledger
        self.count = count
        self._queued = queued
        self._queue: deque[Request] = deque()
        self._ready = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._busy: set[uuid.UUID] = set()
        self._closed = False

    def submit(
        self, token_hash: str, school_id: uuid.UUID, commands: Sequence[Command]
    ) -> Future[list[CommandResult]]:
        """Queue a request; its future gives one result per command, in order, or raises
        UnknownDevice."""
        request = Request(token_hash, school_id, commands)
        with self._ready:
            if self._closed:
                raise RuntimeError("the ledger's writers are shut down")
            if not self._threads:
                self._start()
            self._queue.append(request)
            self._tell_queued()
            self._ready.notify()
        return request.answer

    def close(self) -> None:
        """Apply what is queued, then stop the threads."""
        with self._ready:
            self._closed = True
            self._ready.notify_all()
            threads = list(self._threads)
        for thread in threads:
            thread.join()

    def _start(self) -> None:
        for number in range(self.count):
            thread = threading.Thread(
                target=self._work, name=f"ledger-writer-{number}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _work(self) -> None:
        held = HeldConnection(self.ledger)
        try:
            while True:
                with self._ready:
                    while not (group := take_group(self._queue, self._busy)):
                        if self._closed and not self._queue:
                            return
                        self._ready.wait()
                    self._tell_queued()
                    school_id = group[0].school_id
                    self._busy.add(school_id)
                try:
                    self._apply(group, held)
                finally:
                    with self._ready:
                        self._busy.discard(school_id)
                        # This writer takes the school's next group itself; another one
                        # wakes only for what this one leaves.
                        if self._queue:
                            self._ready.notify()
        finally:
            held.drop()

    def _tell_queued(self) -> None:
        if self._queued is not None:
            self._queued(len(self._queue))

    def _apply(self, group: list[Request], held: HeldConnection) -> None:
        # A request whose caller gave up is dropped, as an executor drops a cancelled task.
        group = [request for request in group if request.answer.set_running_or_notify_cancel()]
        if not group:
            return
        deadline = time.monotonic() + RECONNECT_SECONDS
        for attempt in itertools.count():
            waiting = [request for request in group if not request.answer.done()]
            try:
                self._apply_on(waiting, held.get())
                return
            except Exception as error:  # noqa: BLE001 - each request's caller raises it
                held.drop()  # whatever state it is in, the next try starts afresh
                if database_unreachable(error) and time.monotonic() < deadline:
                    time.sleep(min(RECONNECT_PAUSE_SECONDS, 0.02 * 2**attempt))
                    continue
                for request in group:
                    if not request.answer.done():
                        request.answer.set_exception(error)
                return

    def _apply_on(self, group: list[Request], connection: Connection | None) -> None:
        """Look the senders up and apply their commands, on one connection when there is one."""
        devices = devices_by_token(connection or self.ledger.engine, {r.token_hash for r in group})
        senders: list[tuple[Request, DeviceRef]] = []
        for request in group:
            device = devices.get(request.token_hash)
            if device is None or device.school_id != request.school_id:
                request.answer.set_exception(UnknownDevice())
            else:
                senders.append((request, device))
        self._apply_as(senders, connection)

    def _apply_as(
        self, senders: list[tuple[Request, DeviceRef]], connection: Connection | None
    ) -> None:
        if not senders:
            return
        try:
            answers = self.ledger.apply_requests(
                [(device, request.commands) for request, device in senders], connection
            )
        except Exception as error:
            if database_unreachable(error):
                raise  # the whole group again, on a new connection
            if len(senders) == 1:
                senders[0][0].answer.set_exception(error)
                return
            # One request's failure must not fail the others: each on its own.
            for sender in senders:
                self._apply_as([sender], connection)
            return
        for (request, _), results in zip(senders, answers, strict=True):
            request.answer.set_result(results)


class HeldConnection:
    """The connection a writer keeps between groups: no pool checkout and no ping for each.

    A connection that has died shows it on its first statement; the writer then drops it
    and tries the group again on a new one.
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.connection: Connection | None = None

    def get(self) -> Connection | None:
        """The writer's connection, made when it has none; None on SQLite."""
        if self.connection is None:
            self.connection = self.ledger.writer_connection()
        return self.connection

    def drop(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()
            self.connection = None


def take_group(queue: deque[Request], busy: Collection[uuid.UUID] = ()) -> list[Request]:
    """Take the oldest request of a school no writer is busy with, and that school's
    requests queued behind it, as many as fit in a group.

    Stops at the first of that school's requests that does not fit. One writer at a time per
    school, taking in queue order, so a school's requests are never applied out of order;
    the requests left keep their places.
    """
    group: list[Request] = []
    kept: deque[Request] = deque()
    size = 0
    full = False
    for request in queue:
        if not group and request.school_id not in busy:
            group.append(request)
            size = len(request.commands)
        elif group and not full and request.school_id == group[0].school_id:
            if size + len(request.commands) <= GROUP_SIZE:
                group.append(request)
                size += len(request.commands)
            else:
                full = True
                kept.append(request)
        else:
            kept.append(request)
    queue.clear()
    queue.extend(kept)
    return group
