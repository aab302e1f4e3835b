"""One JSON log line per request, each with a request id, and the request latency metric.

A request id comes from the caller's ``X-Request-ID`` header when it is a short plain token
(a proxy in front may set one), else it is made here; it is sent back in the answer's
``X-Request-ID`` header and is on every log line written while the request is handled, so an
operator can find a terminal's complaint in the log. Lines carry the route's template, never
the path as sent or its query, and never a header: no token reaches the log.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import itertools
import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from office_app.ledger.metrics import LedgerMetrics

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_HEADER = b"x-request-id"
#: A caller's request id is taken as it is only when it cannot smuggle anything into a log.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
#: The fields of a log record that become keys of its JSON line, besides the standard ones.
LOGGED_FIELDS = ("method", "route", "status", "duration_ms")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
log = logging.getLogger("office_app.ledger.requests")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object on one line, with the request id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        current = getattr(record, "request_id", None) or request_id.get()
        if current:
            line["request_id"] = current
        for field in LOGGED_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str = "info", *, as_json: bool = True) -> None:
    """Send every log record to stderr, as JSON lines (for the journal) or as plain text."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter() if as_json else logging.Formatter("%(asctime)s %(levelname)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


class RequestLog:
    """ASGI middleware: request id, latency histogram, and a log line for each request."""

    def __init__(self, app: ASGIApp, metrics: LedgerMetrics) -> None:
        self.app = app
        self.metrics = metrics
        # This process's random prefix and a count: unique, and cheaper than a UUID each.
        self._prefix = uuid.uuid4().hex[:16]
        self._numbers = itertools.count(1)

    def _next_id(self) -> str:
        return f"{self._prefix}{next(self._numbers):016x}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        current = given if ACCEPTED_REQUEST_ID.fullmatch(given) else self._next_id()
        token = request_id.set(current)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (REQUEST_ID_HEADER, current.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope.get("method", "")
            self.metrics.latency.labels(method, route, str(status)).observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                log.info(
                    "request",
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )
            request_id.reset(token)
