"""Request bodies over the limit are answered 413 before they are read into memory.

A declared `Content-Length` over the limit is answered at once, before the app runs and
before a byte of the body is read. A chunked body declares nothing, so its chunks are
counted as the app receives them, and the first one past the limit ends the request
with 413. Either way the connection is closed after the answer rather than read to the
end of a body nobody wants.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workload_api_server.web.errors import PayloadTooLarge, dialect_of_path, error_response

_CLOSE = {"Connection": "close"}


def too_large(limit: int) -> PayloadTooLarge:
    """The one answer for any body over `limit`, whichever way it was detected."""
    return PayloadTooLarge(
        f"The request body is larger than the server's limit of {limit} bytes.", headers=_CLOSE
    )


def _framing(scope: Scope) -> tuple[int | None, bool]:
    """The declared length, if any, and whether the body comes in chunks."""
    length: int | None = None
    chunked = False
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                length = None
        elif name == b"transfer-encoding":
            chunked = True
    return length, chunked


class BodyLimitMiddleware:
    """Outside the app and its error handlers; inside the request log, which then shows
    the 413 the client got."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared, chunked = _framing(scope)
        if declared is not None and declared > self.max_bytes and not chunked:
            await self._answer(scope, receive, send)
            return
        if not chunked:
            # No body, or one whose length the parser holds it to: nothing to count.
            await self.app(scope, receive, send)
            return
        received = 0
        started = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise too_large(self.max_bytes)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting, tracking)
        except PayloadTooLarge:
            # The app's error handlers usually answer it; this covers a receive made
            # outside them.
            if started:
                raise
            await self._answer(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = too_large(self.max_bytes)
        response = error_response(
            error.status_code,
            error.message,
            headers=error.headers,
            dialect=dialect_of_path(scope.get("path", "")),
        )
        await response(scope, receive, send)
