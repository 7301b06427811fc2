"""Pure ASGI middleware: request log, fault injection, and the last-resort error answer."""

from __future__ import annotations

API_PREFIX = "/api/v2"
DOCS_PATHS = frozenset({f"{API_PREFIX}/openapi.json", f"{API_PREFIX}/docs"})


def is_api_path(path: str) -> bool:
    """Logging and faults concern the API only, never the test controls."""
    return path == API_PREFIX or path.startswith(f"{API_PREFIX}/")
