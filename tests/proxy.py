"""A small HTTP/1.1 proxy on 127.0.0.1 in front of the ledger, for network faults in tests.

It forwards each request to the server and each answer back, and can instead:
- drop answers: the request reaches the server and is answered, but the proxy closes the
  client's connection without passing the answer on (a response lost after the commit);
- be down: every connection is closed at once, and open ones are cut (a network outage);
- hold: after passing the n-th request on, wait for ``release`` before reading its answer,
  so that a test can kill the server while it works on that request.

It keeps the body of every request it forwarded, so a test can see what was resent.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from types import TracebackType

HEAD_END = b"\r\n\r\n"


@dataclass(frozen=True)
class Forwarded:
    method: str
    path: str
    body: bytes
    answered: bool


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, bytes] | None:
    """One request or response: its head and its body, or None at a clean end of stream."""
    try:
        head = await reader.readuntil(HEAD_END)
    except asyncio.IncompleteReadError as error:
        if error.partial:
            raise
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        assert name.strip().lower() != b"transfer-encoding", "chunked bodies are not proxied"
    body = await reader.readexactly(length) if length else b""
    return head, body


class LossyProxy:
    """Proxy 127.0.0.1:<port> to the server at ``upstream_port`` on 127.0.0.1."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.forwarded: list[Forwarded] = []
        self.dropped = 0
        self._drop_left = 0
        self._drop_prefix = ""
        self._down = False
        self._hold_at = 0
        self._hold_prefix = ""
        self._passed = 0
        #: Set when the held request has gone to the server and its answer is being held.
        self.holding = threading.Event()
        self._released = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="proxy", daemon=True)
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_responses(self, count: int, path_prefix: str = "/v1/commands") -> None:
        """Let the next ``count`` requests to ``path_prefix`` through, but lose their answers."""
        self._drop_prefix = path_prefix
        self._drop_left = count

    def hold(self, nth: int, path_prefix: str = "/v1/commands") -> None:
        """Hold the answer to the ``nth`` request to ``path_prefix`` from now until ``release``."""
        self._hold_prefix = path_prefix
        self._hold_at = nth
        self._passed = 0
        self.holding.clear()
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    async def _held(self, path: str) -> None:
        if self._hold_at and path.startswith(self._hold_prefix):
            self._passed += 1
            if self._passed == self._hold_at:
                self.holding.set()
                await asyncio.get_running_loop().run_in_executor(None, self._released.wait, 60)

    def down(self) -> None:
        """Refuse every connection from now on and cut the open ones."""
        self._down = True
        asyncio.run_coroutine_threadsafe(self._cut_all(), self._loop).result(10)

    def up(self) -> None:
        self._down = False

    def start(self) -> None:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop
        ).result(10)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        async def close() -> None:
            await self._cut_all()
            if self._server is not None:
                self._server.close()
                await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _cut_all(self) -> None:
        for writer in list(self._open):
            writer.transport.abort()
        self._open.clear()

    def _drops(self, path: str) -> bool:
        if self._drop_left > 0 and path.startswith(self._drop_prefix):
            self._drop_left -= 1
            self.dropped += 1
            return True
        return False

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._down:
            writer.transport.abort()
            return
        self._open.add(writer)
        upstream: asyncio.StreamWriter | None = None
        try:
            upstream_reader, upstream = await asyncio.open_connection(
                "127.0.0.1", self.upstream_port
            )
            await self._relay(reader, writer, upstream_reader, upstream)
        except (OSError, asyncio.IncompleteReadError):
            pass  # either side went away: the client sees a closed connection
        finally:
            self._open.discard(writer)
            writer.transport.abort()
            if upstream is not None:
                upstream.transport.abort()

    async def _relay(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        upstream_reader: asyncio.StreamReader,
        upstream: asyncio.StreamWriter,
    ) -> None:
        """Request after request on one keep-alive connection, until one side closes."""
        while not self._down:
            request = await _read_message(reader)
            if request is None or self._down:
                return
            head, body = request
            method, path = head.split(b" ", 2)[:2]
            upstream.write(head + body)
            await upstream.drain()
            await self._held(path.decode())
            response = await _read_message(upstream_reader)
            if response is None:
                return
            dropped = self._drops(path.decode())
            self.forwarded.append(Forwarded(method.decode(), path.decode(), body, not dropped))
            if dropped or self._down:
                return
            writer.write(response[0] + response[1])
            await writer.drain()

    def __enter__(self) -> LossyProxy:
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()
