"""Limits on what one connection may cost: URL and header size, and how slowly it may send.

The server parses HTTP with httptools, which sets no limits of its own: it gathers a URL
or a header of any length in memory, and uvicorn waits for a request's head or body as
long as the client likes (its keep-alive timeout only runs between requests). So the
protocol below adds them, before anything reaches the app:

- a URL longer than `max_url_bytes` is answered 414, and more than `max_header_count`
  headers or `max_header_bytes` of them 431, as soon as the parser sees it;
- a request head still incomplete `head_timeout_seconds` after the connection became
  ready for it is answered 408 (a connection that sent nothing is just closed), however
  steadily its bytes trickle in, which is what ends a slowloris-style client;
- a request body still incomplete `body_timeout_seconds` after its head is answered 408.

Body size is the app's limit (`middleware.body_limit`), since it knows which answer to
give; flow control already keeps an unread body out of memory here.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn.config import Config
from uvicorn.server import ServerState

from workload_api_server.web.connection_drop import DroppableHttpToolsProtocol

# The request line around the URL (method, version) and the head's line endings.
_REQUEST_LINE_SLACK = 1024
_REASONS = {408: "Request Timeout", 414: "URI Too Long", 431: "Request Header Fields Too Large"}


@dataclass(frozen=True)
class HttpLimits:
    """Per-connection limits; the defaults leave every real client far inside them."""

    max_url_bytes: int = 8 * 1024
    max_header_bytes: int = 64 * 1024
    max_header_count: int = 100
    head_timeout_seconds: float = 10.0
    body_timeout_seconds: float = 60.0

    @property
    def max_head_bytes(self) -> int:
        """Everything before the body: request line and headers."""
        return self.max_url_bytes + self.max_header_bytes + _REQUEST_LINE_SLACK


class _Refused(Exception):
    """Raised in a parser callback to stop parsing; the refusal is already recorded."""


class LimitedHttpToolsProtocol(DroppableHttpToolsProtocol):
    """Uvicorn's httptools protocol with the limits above (and connection dropping).

    A subclass per `HttpLimits` is made by `protocol_with`, because uvicorn builds the
    protocol itself and only passes it its own `Config`.
    """

    limits: ClassVar[HttpLimits] = HttpLimits()

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self._refusal: tuple[int, str] | None = None
        self._in_head = False
        self._head_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None

    # Connection events

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """A new connection must send its first request head in time."""
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        """Nothing left to time out."""
        self._cancel_timers()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Count bytes of an unfinished head, which the parser buffers out of our sight."""
        was_in_head = self._in_head
        super().data_received(data)
        # Only a chunk that began and ended inside one head is all head; a head that
        # began mid-chunk is counted from the next chunk on (at most one read more).
        if was_in_head and self._in_head and self._refusal is None:
            self._head_bytes += len(data)
            if self._head_bytes > self.limits.max_head_bytes:
                self._refuse(431, "The request head is too large.")

    def on_response_complete(self) -> None:
        """An idle keep-alive connection owes the next head in time, like a new one."""
        idle = not self.pipeline
        super().on_response_complete()
        if idle and not self.transport.is_closing():
            self._arm_head_timer()

    # Parser callbacks

    def on_message_begin(self) -> None:
        """A head starts."""
        super().on_message_begin()
        self._in_head = True
        self._head_bytes = 0

    def on_url(self, url: bytes) -> None:
        """The URL arrives in pieces; refused once it outgrows its limit."""
        super().on_url(url)
        if len(self.url) > self.limits.max_url_bytes:
            self._stop(414, f"The URL is longer than {self.limits.max_url_bytes} bytes.")

    def on_headers_complete(self) -> None:
        """Check the head as a whole, then start the app and time the body."""
        limits = self.limits
        if len(self.headers) > limits.max_header_count:
            self._stop(431, f"The request has more than {limits.max_header_count} headers.")
        size = sum(len(name) + len(value) for name, value in self.headers)
        if size > limits.max_header_bytes:
            self._stop(431, f"The request headers exceed {limits.max_header_bytes} bytes.")
        self._in_head = False
        self._cancel_head_timer()
        super().on_headers_complete()
        if _has_body(self.headers):
            self._body_timer = self.loop.call_later(
                limits.body_timeout_seconds, self._on_body_timeout
            )

    def on_message_complete(self) -> None:
        """The body is all here."""
        super().on_message_complete()
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    # Refusals

    def send_400_response(self, msg: str) -> None:
        """Uvicorn's answer to any parser error, ours included: ours gets its own status."""
        if self._refusal is not None:
            self._send_refusal(*self._refusal)
        else:
            super().send_400_response(msg)

    def _stop(self, status: int, message: str) -> None:
        # Raised inside a parser callback: the parser stops and reports an error, which
        # uvicorn answers through `send_400_response`.
        self._refusal = (status, message)
        raise _Refused(message)

    def _refuse(self, status: int, message: str) -> None:
        self._refusal = (status, message)
        self._send_refusal(status, message)

    def _send_refusal(self, status: int, message: str) -> None:
        self._cancel_timers()
        if self.transport.is_closing():
            return
        body = json.dumps({"message": message}, separators=(",", ":")).encode("utf-8")
        head = (
            f"HTTP/1.1 {status} {_REASONS[status]}\r\n"
            "content-type: application/json\r\n"
            f"content-length: {len(body)}\r\n"
            "connection: close\r\n\r\n"
        ).encode("ascii")
        self.transport.write(head + body)
        self.transport.close()

    # Timers

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(
            self.limits.head_timeout_seconds, self._on_head_timeout
        )

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _cancel_timers(self) -> None:
        self._cancel_head_timer()
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None

    def _on_head_timeout(self) -> None:
        self._head_timer = None
        if self.transport.is_closing():
            return
        if self._in_head:
            self._refuse(408, "The request head did not arrive in time.")
        else:
            self.transport.close()

    def _on_body_timeout(self) -> None:
        self._body_timer = None
        cycle = self.cycle
        if self.transport.is_closing():
            return
        if cycle is None or cycle.response_started:
            self.transport.close()
            return
        # The app may be waiting for the rest of the body: it is told the client left,
        # and anything it answers later is dropped, since the client got the 408.
        cycle.disconnected = True
        cycle.message_event.set()
        self._refuse(408, "The request body did not arrive in time.")


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
    return False


def protocol_with(limits: HttpLimits) -> type[LimitedHttpToolsProtocol]:
    """The protocol class uvicorn should build for connections under `limits`."""
    return type("LimitedHttpToolsProtocol", (LimitedHttpToolsProtocol,), {"limits": limits})
