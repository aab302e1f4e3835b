"""Identifiers: time-ordered UUIDv7, made by whoever creates the thing."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

RandomBytes = Callable[[int], bytes]
ClockMillis = Callable[[], int]


def _wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


_sources: list[tuple[RandomBytes, ClockMillis]] = []


def uuid7(unix_ms: int | None = None) -> uuid.UUID:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits."""
    random_bytes, clock_ms = _sources[-1] if _sources else (os.urandom, _wall_clock_ms)
    millis = clock_ms() if unix_ms is None else unix_ms
    random_bits = int.from_bytes(random_bytes(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((random_bits >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= random_bits & ((1 << 62) - 1)
    return uuid.UUID(int=value)


@contextmanager
def reproducible_ids(random_bytes: RandomBytes, clock_ms: ClockMillis) -> Iterator[None]:
    """Inside the block new ids take their random bits and time from the given sources.

    A seeded simulation uses this so that replaying a seed makes exactly the same ids.
    """
    _sources.append((random_bytes, clock_ms))
    try:
        yield
    finally:
        _sources.pop()


def random_salt() -> str:
    """16 random bytes as hex, from the same source as ids (so a replayed run repeats them)."""
    random_bytes = _sources[-1][0] if _sources else os.urandom
    return random_bytes(16).hex()
