"""The ledger server in a background thread of this process, on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from office_app.domain.localtime import Clock
from office_app.ledger.server import create_app

START_SECONDS = 20.0


class ServerStartError(Exception):
    """The embedded server could not listen, with a message naming the port."""


@contextmanager
def embedded_server(
    engine: Engine,
    port: int = 0,
    *,
    clock: Clock,
    certificate: tuple[Path, Path] | None = None,
    metrics_token: str | None = None,
) -> Iterator[str]:
    """Serve the ledger on 127.0.0.1:``port`` (0 picks a free one) while the block runs.

    Yields the base URL, e.g. ``http://127.0.0.1:8765``. With ``certificate`` (a PEM
    certificate file and its key file) it serves HTTPS and the URL starts with ``https://``;
    with ``metrics_token``, ``/metrics`` asks for that token.
    """
    cert_file, key_file = certificate or (None, None)
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(engine, clock=clock, metrics_token=metrics_token),
            host="127.0.0.1",
            port=port,
            log_level="critical",
            # Python's own HTTP parser and event loop in here; ``ledger serve`` takes the
            # faster httptools and uvloop, found by uvicorn when installed.
            http="h11",
            loop="asyncio",
            ssl_certfile=cert_file,
            ssl_keyfile=key_file,
        )
    )

    def run() -> None:
        with suppress(SystemExit):  # uvicorn exits when it cannot bind; we report that below
            server.run()

    thread = threading.Thread(target=run, name="ledger-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ServerStartError(f"--port: cannot listen on 127.0.0.1:{port}")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        scheme = "https" if certificate else "http"
        yield f"{scheme}://127.0.0.1:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
