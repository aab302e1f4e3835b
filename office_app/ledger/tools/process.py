"""``office-app ledger serve`` as a child process on 127.0.0.1, started and stopped from Python.

For benchmarks and for tests that must kill the server for real (SIGKILL) and start it again
on the same port over the same database.
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import IO

import httpx

START_SECONDS = 30.0


class LedgerProcessError(Exception):
    """The server process did not start, with its last words."""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LedgerProcess:
    """One ``office-app ledger serve --database ... --port ...`` child process."""

    def __init__(
        self,
        database: str,
        port: int | None = None,
        certificate: tuple[Path, Path] | None = None,
        *,
        workers: int = 1,
        environment: dict[str, str] | None = None,
    ) -> None:
        """With ``certificate`` (a PEM certificate and its key) the server speaks HTTPS;
        ``workers`` server processes share the port; ``environment`` is added to ours."""
        self.database = database
        self.port = port or free_port()
        self.certificate = certificate
        self.workers = workers
        self.environment = environment or {}
        self.url = f"{'https' if certificate else 'http'}://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._errors: IO[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers ``/health``."""
        command = [sys.executable, "-m", "office_app", "ledger", "serve"]
        command += ["--database", self.database, "--port", str(self.port)]
        command += ["--workers", str(self.workers)]
        trust: ssl.SSLContext | bool = True
        if self.certificate is not None:
            certificate, key = self.certificate
            command += ["--certificate", str(certificate), "--key", str(key)]
            trust = ssl.create_default_context(cafile=str(certificate))
        # A file, not a pipe: a pipe nobody reads would stop the server once it is full.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in _close
        process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            command,
            stdout=subprocess.DEVNULL,
            stderr=self._errors,
            env=os.environ | self.environment,
        )
        self._process = process
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                error = self._last_words()
                self._close()
                raise LedgerProcessError(f"ledger serve exited: {error}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1, verify=trust).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise LedgerProcessError(f"ledger serve did not answer on {self.url}")

    @property
    def pid(self) -> int:
        if self._process is None:
            raise LedgerProcessError("the ledger server is not running")
        return self._process.pid

    def kill(self) -> None:
        """SIGKILL: the server gets no chance to finish anything."""
        if self._process is not None:
            os.kill(self._process.pid, signal.SIGKILL)
            self._process.wait(timeout=30)
            self._close()

    def stop(self) -> None:
        """Ask the server to shut down, and kill it if it does not within 30 s."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=30)
            self._close()

    def log(self) -> str:
        """What the server has written to stderr so far: its log lines."""
        if self._errors is None:
            return ""
        self._errors.seek(0)
        return self._errors.read().decode(errors="replace")

    def _last_words(self) -> str:
        return self.log().strip()[-500:]

    def _close(self) -> None:
        if self._errors is not None:
            self._errors.close()
        self._errors = None
        self._process = None

    def __enter__(self) -> LedgerProcess:
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()
