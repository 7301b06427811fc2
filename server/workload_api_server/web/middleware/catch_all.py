"""The last resort: any unexpected exception still answers in the contract's error shape.

Placed inside the request log and fault middleware, so a bug shows up in the log as the
500 the client really got, and never as a framework-formatted body.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workload_api_server.web.errors import dialect_of_path, error_response

_LOGGER = logging.getLogger("workload_api_server")


class CatchAllMiddleware:
    """Turns an escaped exception into `{"message": ...}` with status 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            _LOGGER.exception("Unexpected error answering %s %s", scope["method"], scope["path"])
            if started:
                raise
            response = error_response(
                500, "The server failed unexpectedly.", dialect=dialect_of_path(scope["path"])
            )
            await response(scope, receive, send)
