"""The real ledger server on 127.0.0.1, in a thread, on a free port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from sqlalchemy import Engine

from office_app.ledger.engine import Clock, utc_now
from office_app.ledger.server import create_app


@contextmanager
def running_server(engine: Engine, clock: Clock = utc_now) -> Iterator[str]:
    """Start uvicorn with the ledger app and yield its base URL; stop it afterwards."""
    config = uvicorn.Config(
        create_app(engine, clock=clock), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the ledger server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
