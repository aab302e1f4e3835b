"""What an operator's tools ask the ledger server: ``/health``, ``/ready`` and ``/metrics``.

- ``GET /health``: the process answers (no database involved), for a supervisor's liveness.
- ``GET /ready``: the database answers, holds the ledger's schema and takes writes (not a
  standby), for a load balancer deciding where to send traffic; 503 with the reason if not.
- ``GET /metrics``: Prometheus' text format (office_app.ledger.metrics). It holds no personal
  data and no secret, so by default it is open like ``/health`` for a scraper on the LAN;
  with ``metrics_token`` set (``OFFICE_APP_METRICS_TOKEN``) it answers only a caller that
  presents that token as a Bearer token.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Literal, TypeVar

from fastapi import Depends, FastAPI, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel
from sqlalchemy import Engine, select, text

from models import ChangeSequence
from office_app.domain.localtime import Clock
from office_app.domain.protocol import ErrorResponse, Health
from office_app.ledger.metrics import LedgerMetrics

#: How long ``/ready`` waits for the database before it answers "not ready".
READY_SECONDS = 5.0
T = TypeVar("T")
scraper = HTTPBearer(auto_error=False)


class Readiness(BaseModel):
    status: Literal["ready"]


class NotReady(Exception):
    """The database cannot take the ledger's work, and why."""


def check_database(engine: Engine) -> None:
    """Raise NotReady unless the database answers, has the ledger's tables and takes writes."""
    try:
        with engine.connect() as connection:
            connection.execute(select(ChangeSequence.last_seq).limit(1)).all()
            if (
                engine.dialect.name == "postgresql"
                and connection.execute(text("SELECT pg_is_in_recovery()")).scalar_one()
            ):
                raise NotReady("the database is a standby and takes no writes")
    except NotReady:
        raise
    except Exception as error:  # noqa: BLE001 - whatever it is, the ledger cannot work
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        raise NotReady(reason[0] if reason else type(error).__name__) from None


def add_operations_routes(
    app: FastAPI,
    engine: Engine,
    metrics: LedgerMetrics,
    *,
    clock: Clock,
    readers: ThreadPoolExecutor,
    metrics_token: str | None,
) -> None:
    """Add ``/health``, ``/ready`` and ``/metrics`` to the ledger's app."""

    async def in_reader(work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(readers, work)

    @app.get("/health", response_model=Health)
    async def health() -> Health:
        """The server process answers."""
        return Health(status="ok", server_time=clock())

    @app.get("/ready", response_model=Readiness, responses={503: {"model": ErrorResponse}})
    async def ready() -> Readiness | JSONResponse:
        """The database answers, has the ledger's schema and takes writes."""
        try:
            await asyncio.wait_for(in_reader(lambda: check_database(engine)), READY_SECONDS)
        except TimeoutError:
            return _not_ready(f"the database did not answer in {READY_SECONDS:g} s")
        except NotReady as error:
            return _not_ready(str(error))
        return Readiness(status="ready")

    @app.get("/metrics", include_in_schema=False)
    async def scrape(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(scraper)],
    ) -> Response:
        """Prometheus' text format."""
        if metrics_token and not (
            credentials is not None
            and hmac.compare_digest(credentials.credentials.encode(), metrics_token.encode())
        ):
            body = ErrorResponse(
                error="unauthorized", message="Send the metrics token as a Bearer token"
            )
            return JSONResponse(
                body.model_dump(), status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        return Response(await in_reader(metrics.exposition), media_type=CONTENT_TYPE_LATEST)


def _not_ready(reason: str) -> JSONResponse:
    body = ErrorResponse(error="not_ready", message=f"Not ready: {reason}")
    return JSONResponse(body.model_dump(), status_code=503)
