"""Fault injection for /api/v2, so client retry and recovery logic can be tested for real.

Faults are drawn per request from a seeded generator, so a seeded run injects the same
faults for the same sequence of requests. The API documentation paths are exempt, so a
client can still load the OpenAPI document while faults are on.
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from typing import Any, get_args

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workload_api_server.schemas.controls import FaultConfig, FaultKind
from workload_api_server.web.connection_drop import drop_connection
from workload_api_server.web.errors import dialect_of_path, error_response
from workload_api_server.web.middleware import DOCS_PATHS, is_api_path

FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
_STATUS_FAULTS = {"429": 429, "500": 500, "502": 502, "503": 503}


class FaultInjector:
    """The active fault configuration and what it has injected so far."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._config: FaultConfig | None = None
        self._random = random.Random()
        self._injected: Counter[str] = Counter()

    def configure(self, config: FaultConfig) -> None:
        """Replace the configuration; counting starts again from zero."""
        with self._lock:
            self._config = config
            self._random = random.Random(config.seed)
            self._injected.clear()

    def clear(self) -> None:
        """No more faults; the counts stay readable until the next configuration."""
        with self._lock:
            self._config = None

    def snapshot(self) -> dict[str, Any]:
        """The configuration (or its defaults when off), `active`, and `injected` per kind."""
        with self._lock:
            config = self._config
            injected = {kind: self._injected[kind] for kind in FAULT_KINDS}
        shown = config or FaultConfig.model_validate({"rate": 0.0, "kinds": ["500"]})
        document = shown.model_dump(mode="json", by_alias=True)
        if config is None:
            document["kinds"] = []
        return {"active": config is not None, **document, "injected": injected}

    def choose(self, method: str, path: str) -> tuple[FaultKind, FaultConfig] | None:
        """Draw the fault for one request, if any, and count it."""
        with self._lock:
            config = self._config
            if config is None:
                return None
            if config.methods is not None and method.upper() not in {
                allowed.upper() for allowed in config.methods
            }:
                return None
            if config.path_contains is not None and config.path_contains not in path:
                return None
            if self._random.random() >= config.rate:
                return None
            kind = self._random.choice(config.kinds)
            self._injected[kind] += 1
            return kind, config


class FaultMiddleware:
    """Inside the request log (which then logs what the client saw), outside the app."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not is_api_path(path) or path in DOCS_PATHS:
            await self.app(scope, receive, send)
            return
        chosen = self.injector.choose(scope["method"], path)
        if chosen is None:
            await self.app(scope, receive, send)
            return
        kind, config = chosen
        if kind == "latency":
            await asyncio.sleep(config.latency_ms / 1000)
            await self.app(scope, receive, send)
        elif kind == "drop_before":
            await drop_connection(scope, receive)
        elif kind == "drop_after":
            await self.app(scope, receive, _discard)
            await drop_connection(scope, receive)
        else:
            status = _STATUS_FAULTS[kind]
            headers = {"Retry-After": str(config.retry_after)} if status == 429 else None
            message = "Too many requests." if status == 429 else f"Injected fault: {status}."
            await error_response(status, message, headers=headers, dialect=dialect_of_path(path))(
                scope, receive, send
            )


async def _discard(_message: Message) -> None:
    """The handler's answer is computed (and committed) but never sent."""
