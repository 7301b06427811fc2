"""A log of /api/v2 requests, so tests can assert how a client used the API.

Paths are templated (IDs become `{id}`) so counts group by operation. Status is what the
client got; `null` when the connection was dropped without an answer. Each entry names
its client by a short digest of its bearer token (`client_label`), never the token, so a
test with two clients holding two tokens can count what each one did.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workload_api_server.web.connection_drop import ConnectionDropped
from workload_api_server.web.middleware import is_api_path

_ID_SEGMENT = re.compile(r"(?<=/)[0-9a-f]{24}(?=/|$)")


def template_path(path: str) -> str:
    """`/api/v2/registry/artifacts/<24 hex>/` becomes `/api/v2/registry/artifacts/{id}/`."""
    return _ID_SEGMENT.sub("{id}", path)


def client_label(token: str) -> str:
    """The name of a token's holder in the log: not the token, not reversible to it."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


@dataclass(frozen=True)
class LoggedRequest:
    """One request as logged."""

    method: str
    path: str
    status: int | None
    client: str | None = None


class RequestLog:
    """Thread-safe; keeps every count but only the latest entries, to bound memory."""

    MAX_ENTRIES = 10_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = 0
        self._counts: Counter[str] = Counter()
        self._entries: deque[LoggedRequest] = deque(maxlen=self.MAX_ENTRIES)

    def record(self, method: str, path: str, status: int | None, client: str | None = None) -> None:
        """Called once per request whatever its outcome, so counts match what clients sent."""
        entry = LoggedRequest(method, template_path(path), status, client)
        with self._lock:
            self._total += 1
            self._counts[f"{entry.method} {entry.path}"] += 1
            self._entries.append(entry)

    def snapshot(self) -> dict[str, Any]:
        """`{"total", "counts", "entries"}` as the test control answers it."""
        with self._lock:
            return {
                "total": self._total,
                "counts": dict(self._counts),
                "entries": [
                    {"method": e.method, "path": e.path, "status": e.status, "client": e.client}
                    for e in self._entries
                ],
            }

    def clear(self) -> None:
        """Lets a test count only the requests of the step it checks."""
        with self._lock:
            self._total = 0
            self._counts.clear()
            self._entries.clear()


class RequestLogMiddleware:
    """Outermost, so it sees the final answer, injected faults included."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        status: int | None = None
        answered = True

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except ConnectionDropped:
            answered = False
            raise
        except Exception:
            # The framework's last handler will answer 500.
            status = status or 500
            raise
        finally:
            token = _bearer(scope)
            self.log.record(
                scope["method"],
                scope["path"],
                status if answered else None,
                client_label(token) if token else None,
            )
