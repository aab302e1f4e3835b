"""The ledger's HTTP API, protocol v1: ``POST /v1/commands``, ``GET /v1/changes``, and the
operator's ``/health``, ``/ready`` and ``/metrics`` (office_app.ledger.operations).

Bearer device tokens (stored hashed) say who is calling. Every route under ``/v1/`` checks the
token before anything of the request is read (``Authenticate``), so a caller without a valid
token learns nothing, not even what is wrong with its body. Every refusal at the HTTP level is
a JSON body with a stable ``error`` code and a ``message`` naming the field, and no input can
produce a 500: an unexpected failure inside is logged and answered as "unknown, resend".
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from office_app.db import is_sqlite
from office_app.domain.cards import CardNumberError
from office_app.domain.catalogue import PAYLOAD_TYPES
from office_app.domain.localtime import Clock
from office_app.domain.payloads import MAX_JSON_INT
from office_app.domain.protocol import (
    ChangesResponse,
    CommandBatch,
    CommandsResponse,
    ErrorResponse,
)
from office_app.i18n.rules import rule_text
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import authenticate, hash_token
from office_app.ledger.engine import Ledger
from office_app.ledger.feed import DEFAULT_LIMIT, MAX_LIMIT, ChangeFeed, CursorAhead
from office_app.ledger.metrics import LedgerMetrics
from office_app.ledger.operations import add_operations_routes
from office_app.ledger.requestlog import RequestLog
from office_app.ledger.writer import UnknownDevice, Writers

MAX_BODY_BYTES = 1_000_000
#: Writer threads on PostgreSQL: one works for a school at a time, the others for other schools.
POSTGRES_WRITERS = 4
T = TypeVar("T")
log = logging.getLogger("office_app.ledger")
bearer = HTTPBearer(auto_error=False)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message


def _error(
    status: int, error: str, message: str, fields: list[dict[str, str]] | None = None
) -> JSONResponse:
    body = ErrorResponse(error=error, message=message, fields=fields or [])
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _field_path(location: tuple[Any, ...]) -> str:
    """``("body", "commands", 0, "purchase", "payload", "amount_ore")`` as
    ``commands[0].payload.amount_ore``: the discriminator tag is left out."""
    parts: list[str] = []
    for index, part in enumerate(location):
        if part == "body" and index == 0:
            continue
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part in PAYLOAD_TYPES and index > 0 and isinstance(location[index - 1], int):
            continue
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "body"


class Authenticate:
    """Answer 401 to any request under ``/v1/`` without a known, unrevoked device token.

    It runs before routing, so before any body or query is read or parsed. The device found
    goes to the route in ``request.state.device``, with the token's hash in
    ``request.state.token_hash``.
    """

    def __init__(
        self,
        app: ASGIApp,
        lookup: Callable[[str], Awaitable[DeviceRef | None]],
    ) -> None:
        self.app = app
        self.lookup = lookup

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        bearer_token = _bearer_token(scope)
        if not bearer_token:
            refusal = _error(401, "unauthorized", "Send the device token as a Bearer token")
            await refusal(scope, receive, send)
            return
        try:
            found = await self.lookup(bearer_token)
        except Exception:  # a database that does not answer: resend later
            log.exception("device lookup failed on %s", scope.get("path"))
            unavailable = _error(
                503, "unavailable", "The ledger could not answer now; resend the same request"
            )
            await unavailable(scope, receive, send)
            return
        if found is None:
            refusal = _error(401, "unauthorized", "The device token is unknown or revoked")
            await refusal(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["device"] = found
        state["token_hash"] = hash_token(bearer_token)
        await self.app(scope, receive, send)


def _bearer_token(scope: Scope) -> str:
    """The token of an ``Authorization: Bearer`` header, or an empty string."""
    for name, value in scope.get("headers") or []:
        if name.lower() == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            return credentials.strip() if scheme.lower() == "bearer" else ""
    return ""


class BodySizeLimit:
    """Refuse request bodies over a limit, whether or not they announce their length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> MutableMapping[str, Any]:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise ApiError(
                    413, "body_too_large", f"The request body is over {self.limit} bytes"
                )
            return message

        await self.app(scope, limited_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = _error(413, "body_too_large", f"The request body is over {self.limit} bytes")
        await response(scope, receive, send)


def _said(item: dict[str, Any]) -> str:
    """A validation problem in words; a card number the domain refused, worded by i18n."""
    cause = item.get("ctx", {}).get("error")
    if isinstance(cause, CardNumberError):
        return f"Value error, {rule_text(cause, 'en')}"
    return str(item.get("msg", ""))


def _add_error_handlers(app: FastAPI) -> None:
    """Every refusal as an ErrorResponse; an unexpected failure as "unknown, resend"."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.error, error.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = [
            {"field": _field_path(tuple(item.get("loc", ()))), "message": _said(item)}
            for item in error.errors()
        ]
        message = "; ".join(f"{item['field']}: {item['message']}" for item in fields[:5])
        return _error(422, "invalid_request", message or "The request is not valid", fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400:  # a body that cannot even be read as JSON text
            message = "body: not JSON text in UTF-8"
            return _error(422, "invalid_request", message, [{"field": "body", "message": message}])
        response = _error(error.status_code, "http_error", str(error.detail))
        response.headers.update(error.headers or {})  # e.g. Allow on 405
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, _failure: Exception) -> JSONResponse:
        log.exception("unexpected failure on %s %s", request.method, request.url.path)
        return _error(
            503, "unavailable", "The ledger could not answer now; resend the same request"
        )


def create_app(engine: Engine, clock: Clock, *, metrics_token: str | None = None) -> FastAPI:
    """The ledger server over one database.

    ``metrics_token``: when given, ``/metrics`` answers only a caller presenting it as a
    Bearer token; without it, ``/metrics`` is open, like ``/health``.
    """
    feed = ChangeFeed(engine)
    metrics = LedgerMetrics(engine)
    ledger = Ledger(engine, clock=clock, decided=metrics.decided)
    # On SQLite one thread does all writing, in arrival order; PostgreSQL takes several.
    writers = Writers(
        ledger, 1 if is_sqlite(engine) else POSTGRES_WRITERS, queued=metrics.writer_queue.set
    )
    readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ledger-reader")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        writers.close()
        readers.shutdown(wait=True)

    app = FastAPI(
        title="School card ledger",
        version="1",
        description="Protocol v1 of the school payment-card ledger. Every write is a command "
        "with a client-made UUID, applied exactly once; resending returns the stored result.",
        lifespan=lifespan,
    )

    async def authenticated(
        request: Request,
        _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> DeviceRef:
        """The device ``Authenticate`` found; the dependency also documents the scheme."""
        found: DeviceRef = request.state.device
        return found

    async def run(pool: ThreadPoolExecutor, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(pool, work)

    _add_error_handlers(app)

    responses: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    }
    ahead: dict[int | str, dict[str, Any]] = {
        409: {
            "model": ErrorResponse,
            "description": "``after`` is beyond the ledger's last change (error "
            "``cursor_ahead``): the ledger was restored from an earlier backup; follow it "
            "again from 0 and resend what it lost",
        }
    }

    @app.post("/v1/commands", response_model=CommandsResponse, responses=responses)
    async def post_commands(
        request: Request,
        sender: Annotated[DeviceRef, Depends(authenticated)],
        batch: CommandBatch,
    ) -> CommandsResponse:
        """Apply 1 to 500 commands in order, each exactly once; results in the same order."""
        commands = [envelope.to_command() for envelope in batch.commands]
        token_hash: str = request.state.token_hash
        try:
            results = await asyncio.wrap_future(
                writers.submit(token_hash, sender.school_id, commands)
            )
        except UnknownDevice:
            raise ApiError(401, "unauthorized", "The device token is unknown or revoked") from None
        return CommandsResponse(results=results, server_time=clock())

    @app.get("/v1/changes", response_model=ChangesResponse, responses=responses | ahead)
    async def get_changes(
        reader: Annotated[DeviceRef, Depends(authenticated)],
        after: Annotated[int, Query(ge=0, le=MAX_JSON_INT)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    ) -> ChangesResponse:
        """Everything of the device's school that changed after ``after``, as much as its kind
        may read; follow ``last_seq``."""
        try:
            page = await run(
                readers,
                lambda: feed.page(reader.school_id, after, limit, device_kind=reader.kind),
            )
        except CursorAhead as error:
            raise ApiError(409, "cursor_ahead", str(error)) from None
        metrics.pulled(reader, page.last_seq, clock().timestamp())
        return page

    async def lookup(bearer_token: str) -> DeviceRef | None:
        return await run(readers, lambda: authenticate(engine, bearer_token))

    add_operations_routes(
        app, engine, metrics, clock=clock, readers=readers, metrics_token=metrics_token
    )
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    # Before the size limit, so no byte of an unauthenticated request is looked at.
    app.add_middleware(Authenticate, lookup=lookup)
    # Added last, so it runs first: every request is logged, a refused one too.
    app.add_middleware(RequestLog, metrics=metrics)
    return app
