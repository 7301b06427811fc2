"""Route registration: every path answers with and without its trailing slash.

Clients treat redirects as errors, so instead of FastAPI's 307 each route is registered
twice; only the documented spelling appears in the OpenAPI document.

Routes go straight onto the app's own router rather than through `include_router`:
an included router is matched twice per request (once to pick it, once inside it),
which cost more CPU than a flat list of routes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response


def _other_spelling(path: str) -> str:
    return path[:-1] if path.endswith("/") else f"{path}/"


def add_route(
    router: APIRouter,
    path: str,
    endpoint: Callable[..., Any],
    *,
    method: str,
    operation_id: str,
    summary: str,
    status_code: int = 200,
    responses: dict[int | str, dict[str, Any]] | None = None,
    openapi_extra: dict[str, Any] | None = None,
    include_in_schema: bool = True,
    tags: Sequence[str] = (),
) -> None:
    """Register `endpoint` at `path` (documented) and at its other spelling (hidden)."""
    response_class: type[Response] = Response if status_code == 204 else JSONResponse
    for spelling, documented in ((path, include_in_schema), (_other_spelling(path), False)):
        router.add_api_route(
            spelling,
            endpoint,
            methods=[method],
            operation_id=operation_id if documented else f"{operation_id}_{len(spelling)}",
            summary=summary,
            status_code=status_code,
            response_model=None,
            response_class=response_class,
            responses=responses,
            openapi_extra=openapi_extra,
            include_in_schema=documented,
            tags=list(tags) if tags else None,
        )
