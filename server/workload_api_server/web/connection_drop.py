"""Dropping a connection without any answer, for the `drop_*` test faults.

ASGI has no message for "close without responding", and uvicorn answers 500 itself when
an app raises or returns before responding. So the HTTP protocol subclass below offers
each request an `abort` callable (as an ASGI scope extension) that aborts the socket.
Once the server has noticed the disconnect, returning without a response is silent.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

DROP_EXTENSION = "workload_api.drop_connection"
_DISCONNECT_WAIT_SECONDS = 5.0


class ConnectionDropped(Exception):
    """Raised where no socket can be aborted (an in-process test client)."""


async def drop_connection(scope: Scope, receive: Receive) -> None:
    """Abort the client's connection, then wait until the server has seen it go."""
    extension = scope.get("extensions", {}).get(DROP_EXTENSION)
    if extension is None:
        raise ConnectionDropped("The connection was dropped (fault injection).")
    extension["abort"]()
    # Waiting for the disconnect matters: returning earlier would make uvicorn send a 500.
    await asyncio.wait_for(_until_disconnect(receive), _DISCONNECT_WAIT_SECONDS)


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


class _WithAbort:
    """Wraps the app so every request scope carries this connection's abort callable."""

    def __init__(self, app: ASGIApp, protocol: DroppableHttpToolsProtocol) -> None:
        self.app = app
        # Built once per connection, not per request: keep-alive connections carry many.
        self.extension = {"abort": protocol.abort_connection}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        extensions = dict(scope.get("extensions") or {})
        extensions[DROP_EXTENSION] = self.extension
        scope["extensions"] = extensions
        await self.app(scope, receive, send)


class DroppableHttpToolsProtocol(HttpToolsProtocol):
    """Uvicorn's httptools protocol, plus the ability to abort the connection from the app."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.app = _WithAbort(self.app, self)

    def abort_connection(self) -> None:
        """Close the socket at once, discarding anything not yet sent."""
        if self.transport is not None:
            self.transport.abort()
