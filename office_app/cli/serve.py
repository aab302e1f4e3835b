"""``office-app ledger serve``: the ledger server in one process, or in several on PostgreSQL.

With ``--workers N`` uvicorn starts N server processes that share the port; each builds its
own app from the environment this process leaves for it (``worker_app``). They share nothing
but the database, whose row locks keep each school's commands in order and exactly once, and
a folder where their metrics meet (``PROMETHEUS_MULTIPROC_DIR``). SQLite takes one writing
process, so there ``--workers`` above 1 is refused.

uvicorn serves with httptools and uvloop (dependencies of the project, found by uvicorn).
Logs go to stderr as one JSON object per line (``--log-format text`` for people), for the
journal; ``OFFICE_APP_METRICS_TOKEN`` in the environment closes ``/metrics`` to callers
without that token.
"""

from __future__ import annotations

import argparse
import gc
import os
import ssl
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from office_app.cli.common import CliError
from office_app.db import is_sqlite, make_engine, migrate

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy import Engine

DATABASE_ENV = "OFFICE_APP_LEDGER_DATABASE"
METRICS_TOKEN_ENV = "OFFICE_APP_METRICS_TOKEN"  # noqa: S105 - the variable's name
LOG_LEVEL_ENV = "OFFICE_APP_LOG_LEVEL"
LOG_FORMAT_ENV = "OFFICE_APP_LOG_FORMAT"


def _check_certificate(certificate: Path | None, key: Path | None) -> None:
    if (certificate is None) != (key is None):
        raise CliError("--certificate and --key: give both for HTTPS, or neither for HTTP")
    if certificate is None:
        return
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certificate, key)
    except (ssl.SSLError, OSError) as error:
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or error
        raise CliError(
            f"--certificate/--key: {certificate} and {key} are not a readable PEM "
            f"certificate and its private key ({reason})"
        ) from None


def serve(engine: Engine, args: argparse.Namespace) -> int:
    """Migrate the database, then serve until stopped."""
    import uvicorn

    from office_app.ledger.metrics import MULTIPROCESS_ENV

    _check_certificate(args.certificate, args.key)
    if args.workers > 1 and is_sqlite(engine):
        raise CliError(
            "--workers: a SQLite ledger takes one writing process; serve it with --workers 1, "
            "or move the ledger to PostgreSQL"
        )
    migrate(engine)
    os.environ[LOG_LEVEL_ENV] = args.log_level
    os.environ[LOG_FORMAT_ENV] = args.log_format
    scheme = "https" if args.certificate else "http"
    print(
        f"Ledger server on {scheme}://{args.host}:{args.port} with {args.workers} "
        "process(es) (OpenAPI at /openapi.json)",
        flush=True,
    )
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "ssl_certfile": args.certificate,
        "ssl_keyfile": args.key,
        "log_config": None,  # our JSON lines, set up in configure_logging
        "access_log": False,  # the app logs each request itself, with its request id
    }
    try:
        if args.workers == 1:
            os.environ.pop(MULTIPROCESS_ENV, None)
            uvicorn.run(_app(engine), **options)
            return 0
        with tempfile.TemporaryDirectory(prefix="office-app-metrics-") as folder:
            os.environ[MULTIPROCESS_ENV] = folder
            os.environ[DATABASE_ENV] = engine.url.render_as_string(hide_password=False)
            uvicorn.run(
                "office_app.cli.serve:worker_app", factory=True, workers=args.workers, **options
            )
    except OSError as error:
        raise CliError(
            f"--port: cannot listen on {args.host}:{args.port}: {error.strerror}"
        ) from None
    return 0


def _app(engine: Engine) -> FastAPI:
    """The app of one server process, with its logging, over ``engine``."""
    from office_app.domain.localtime import wall_clock
    from office_app.ledger.requestlog import configure_logging
    from office_app.ledger.server import create_app

    configure_logging(
        os.environ.get(LOG_LEVEL_ENV, "info"),
        as_json=os.environ.get(LOG_FORMAT_ENV, "json") == "json",
    )
    # What is loaded now lives as long as the server; the collector need not walk it.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    return create_app(
        engine, clock=wall_clock, metrics_token=os.environ.get(METRICS_TOKEN_ENV) or None
    )


def worker_app() -> FastAPI:
    """The app of one of several server processes, from what ``serve`` left in the
    environment (uvicorn starts each process afresh and calls this in it)."""
    return _app(make_engine(os.environ[DATABASE_ENV]))
