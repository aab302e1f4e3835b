"""The ledger's HTTP API, protocol v1: ``POST /v1/commands``, ``GET /v1/changes``, health.

Bearer device tokens (stored hashed) say who is calling; every refusal at the HTTP level is a
JSON body with a stable ``error`` code and a ``message`` naming the field, and no input can
produce a 500: an unexpected failure inside is logged and answered as "unknown, resend".
"""

import asyncio
import logging
import uuid
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
from office_app.domain.catalogue import PAYLOAD_TYPES
from office_app.domain.localtime import Clock
from office_app.domain.payloads import MAX_JSON_INT
from office_app.domain.protocol import (
    ChangesResponse,
    CommandBatch,
    CommandsResponse,
    ErrorResponse,
    Health,
)
from office_app.ledger.context import DeviceRef
from office_app.ledger.directory import authenticate, hash_token
from office_app.ledger.engine import Ledger
from office_app.ledger.feed import DEFAULT_LIMIT, MAX_LIMIT, ChangeFeed
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


def create_app(engine: Engine, clock: Clock) -> FastAPI:
    """The ledger server over one database."""
    feed = ChangeFeed(engine)
    # On SQLite one thread does all writing, in arrival order; PostgreSQL takes several.
    writers = Writers(Ledger(engine, clock=clock), 1 if is_sqlite(engine) else POSTGRES_WRITERS)
    readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ledger-reader")
    # The school of each device token seen, so a request joins its school's queue at once;
    # a device never changes school, and the writers check the token itself every time.
    schools: dict[str, uuid.UUID] = {}

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

    async def token(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> str:
        if credentials is None or not credentials.credentials:
            raise ApiError(401, "unauthorized", "Send the device token as a Bearer token")
        return credentials.credentials

    def device(bearer_token: str) -> DeviceRef:
        found = authenticate(engine, bearer_token)
        if found is None:
            raise ApiError(401, "unauthorized", "The device token is unknown or revoked")
        return found

    async def run(pool: ThreadPoolExecutor, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(pool, work)

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.error, error.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        fields = [
            {"field": _field_path(tuple(item.get("loc", ()))), "message": str(item.get("msg", ""))}
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

    responses: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    }

    @app.post("/v1/commands", response_model=CommandsResponse, responses=responses)
    async def post_commands(
        batch: CommandBatch, bearer_token: Annotated[str, Depends(token)]
    ) -> CommandsResponse:
        """Apply 1 to 500 commands in order, each exactly once; results in the same order."""
        commands = [envelope.to_command() for envelope in batch.commands]
        token_hash = hash_token(bearer_token)
        school_id = schools.get(token_hash)
        if school_id is None:
            school_id = (await run(readers, lambda: device(bearer_token))).school_id
            schools[token_hash] = school_id
        try:
            results = await asyncio.wrap_future(writers.submit(token_hash, school_id, commands))
        except UnknownDevice:
            raise ApiError(401, "unauthorized", "The device token is unknown or revoked") from None
        return CommandsResponse(results=results, server_time=clock())

    @app.get("/v1/changes", response_model=ChangesResponse, responses=responses)
    async def get_changes(
        bearer_token: Annotated[str, Depends(token)],
        after: Annotated[int, Query(ge=0, le=MAX_JSON_INT)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    ) -> ChangesResponse:
        """Everything of the device's school that changed after ``after``; follow ``last_seq``."""
        return await run(readers, lambda: feed.page(device(bearer_token).school_id, after, limit))

    @app.get("/health", response_model=Health)
    async def health() -> Health:
        return Health(status="ok", server_time=clock())

    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    return app
