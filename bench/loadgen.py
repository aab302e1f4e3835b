"""Many terminals on one 127.0.0.1 server, each on its own keep-alive connection, from one
process: a lean HTTP/1.1 client on asyncio streams, so that on a small machine the load
generator takes as little of the CPU the server needs as it can (a benchmark tool).

Each terminal sends its prepared requests one after the other and waits for each answer, as
a till does. Two shapes:

- flat out: the next request as soon as the answer is in (the server's capacity);
- paced: every terminal sends at a fixed interval, staggered; a request's latency counts
  from when it was due, so an answer that comes late makes the next one late too (no
  coordinated omission).

Every loop is bounded by the number of prepared requests.
"""

from __future__ import annotations

import asyncio
import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Terminal:
    """One till: its token and the JSON bodies it will send, in order."""

    token: str
    bodies: Sequence[bytes]


@dataclass
class Run:
    """What a run measured."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    refused: int = 0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0

    def line(self, label: str) -> str:
        median = statistics.median(self.latencies) * 1000 if self.latencies else 0.0
        return (
            f"{label:<46} {self.per_second:>6.0f}/s  p50 {median:6.1f} ms  "
            f"p99 {self.percentile(0.99) * 1000:6.1f} ms  ({len(self.latencies)} purchases)"
        )


def as_json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def post(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        self.writer.write(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        header = await self.reader.readuntil(b"\r\n\r\n")
        status = int(header[9:12])
        length = 0
        for line in header.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)


async def _connect(port: int) -> _Connection:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    return _Connection(reader, writer)


def _head(path: str, token: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Content-Type: application/json\r\n"
    ).encode()


async def _terminal(
    connection: _Connection,
    head: bytes,
    bodies: Sequence[bytes],
    accepted: Callable[[bytes], bool],
    run: Run,
    due: Callable[[int], float] | None,
) -> None:
    loop = asyncio.get_running_loop()
    for number, body in enumerate(bodies):
        if due is None:
            started = loop.time()
        else:
            started = due(number)
            await asyncio.sleep(max(0.0, started - loop.time()))
        status, answer = await connection.post(head, body)
        run.latencies.append(loop.time() - started)
        if status != 200 or not accepted(answer):
            run.refused += 1


async def _run(
    port: int,
    path: str,
    terminals: Sequence[Terminal],
    accepted: Callable[[bytes], bool],
    interval: float | None,
) -> Run:
    connections = [await _connect(port) for _ in terminals]
    run = Run()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    stagger = (interval or 0.0) / max(1, len(terminals))

    def due_for(index: int) -> Callable[[int], float] | None:
        if interval is None:
            return None
        return lambda number: start + index * stagger + number * interval

    await asyncio.sleep(max(0.0, start - loop.time()))
    began = loop.time()
    try:
        await asyncio.gather(
            *(
                _terminal(
                    connection,
                    _head(path, terminal.token),
                    terminal.bodies,
                    accepted,
                    run,
                    due_for(index),
                )
                for index, (connection, terminal) in enumerate(
                    zip(connections, terminals, strict=True)
                )
            )
        )
    finally:
        for connection in connections:
            connection.writer.close()
    run.seconds = loop.time() - began
    return run


def drive(
    port: int,
    path: str,
    terminals: Sequence[Terminal],
    accepted: Callable[[bytes], bool],
    interval: float | None = None,
) -> Run:
    """Every terminal sends its bodies to ``path``; flat out, or one every ``interval`` s."""
    return asyncio.run(_run(port, path, terminals, accepted, interval))
