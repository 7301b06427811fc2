"""Error shapes: the older dialect's `{"message", "errors"}` and the current one's `detail`.

Every failure, whether raised by our rules or by the framework (unknown route, wrong
method), leaves the server in its dialect's shape: the path says which dialect, except
on the shared invoke path, where the workload's own dialect decides (`request.state`).
Rules raise one error type; only its rendering differs (a named transform per dialect).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from workload_api_server.domain.dialects import Dialect

_CURRENT_PREFIXES = ("/api/v2/workloads", "/api/v2/artifacts", "/api/v2/artifactRepositories")


class ApiError(Exception):
    """An answer other than success; routers raise it and a handler renders it."""

    status_code = 500

    def __init__(
        self,
        message: str,
        *,
        errors: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors) if errors else None
        self.headers = dict(headers) if headers else None


class BadRequest(ApiError):
    """Body syntax: malformed JSON, missing body, or JSON that is not an object."""

    status_code = 400


class Unauthorized(ApiError):
    """No token, or one the server does not know."""

    status_code = 401

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ApiError):
    """A viewer token asked for a write."""

    status_code = 403


class NotFound(ApiError):
    """Unknown, deleted, or another owner's object (tenancy hides existence)."""

    status_code = 404


class Conflict(ApiError):
    """A state rule forbids the action right now."""

    status_code = 409


class PayloadTooLarge(ApiError):
    """The request body is over the server's limit."""

    status_code = 413


class Unprocessable(ApiError):
    """Values are invalid; `errors` names each offending field by its dotted path."""

    status_code = 422

    def __init__(
        self, errors: Mapping[str, str], message: str | None = None, *, location: str = "body"
    ) -> None:
        super().__init__(message or "The request has invalid values.", errors=errors)
        self.location = location


class BadGateway(ApiError):
    """The workload's own process did not answer a forwarded request."""

    status_code = 502


class ServiceUnavailable(ApiError):
    """The workload cannot serve invocations in its current state."""

    status_code = 503


class GatewayTimeout(ApiError):
    """The workload's own process took too long to answer a forwarded request."""

    status_code = 504


def error_body(message: str, errors: Mapping[str, str] | None = None) -> dict[str, object]:
    """`errors` is present only when there are field errors (that is, on 422)."""
    body: dict[str, object] = {"message": message}
    if errors:
        body["errors"] = dict(errors)
    return body


_KINDS = {"required": "missing", "unknown field": "extra_forbidden"}


def _location(path: str, location: str) -> list[str | int]:
    parts: list[str | int] = [location]
    if path not in ("", "body", "request"):
        parts.extend(int(part) if part.isdigit() else part for part in path.split("."))
    return parts


def current_error_body(
    status_code: int,
    message: str,
    errors: Mapping[str, str] | None,
    location: str = "body",
    items: str = "loc",
) -> dict[str, object]:
    """422: `{"detail": [{"loc", "msg", "type"}]}` (with `items="path"`, the test
    control's other answer: `{"path", "message", "code"}`); else `{"detail": text}`."""
    if status_code == 422 and errors:
        keys = ("path", "message", "code") if items == "path" else ("loc", "msg", "type")
        listed = [
            dict(
                zip(
                    keys,
                    (_location(path, location), reason, _KINDS.get(reason, "value_error")),
                    strict=True,
                )
            )
            for path, reason in errors.items()
        ]
        return {"detail": listed}
    return {"detail": message}


def dialect_of_path(path: str) -> Dialect:
    """Which dialect a path belongs to (invoke and unknown paths: the older one)."""
    for prefix in _CURRENT_PREFIXES:
        if path == prefix or path.startswith((f"{prefix}/", f"{prefix}?")):
            return "current"
    return "older"


def error_response(
    status_code: int,
    message: str,
    errors: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    dialect: Dialect = "older",
    location: str = "body",
    items: str = "loc",
) -> JSONResponse:
    """Shared by exception handlers and middleware that answer before routing."""
    body = (
        current_error_body(status_code, message, errors, location, items)
        if dialect == "current"
        else error_body(message, errors)
    )
    return JSONResponse(body, status_code=status_code, headers=dict(headers or {}))


def request_dialect(request: Request) -> Dialect:
    """The dialect a handler chose (invoke), else the only one served, else the path's."""
    chosen = str(getattr(request.state, "dialect", ""))
    context = getattr(request.app.state, "context", None)
    served = str(getattr(getattr(context, "settings", None), "dialects", "both"))
    for candidate in (chosen, served):
        if candidate == "older":
            return "older"
        if candidate == "current":
            return "current"
    return dialect_of_path(request.url.path)


_FRAMEWORK_MESSAGES = {
    404: "Not found.",
    405: "Method not allowed.",
}


def _validation_items(request: Request) -> str:
    """The shape of a 422's items: the test control may switch it (`api_variants`)."""
    variants = getattr(getattr(request.app.state, "context", None), "variants", None)
    return str(getattr(getattr(variants, "current", None), "validation_items", "loc"))


async def _on_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    location = exc.location if isinstance(exc, Unprocessable) else "body"
    return error_response(
        exc.status_code,
        exc.message,
        exc.errors,
        exc.headers,
        dialect=request_dialect(request),
        location=location,
        items=_validation_items(request),
    )


def _route_methods(routes: Iterable[BaseRoute], scope: Scope) -> set[str]:
    # Routes sit flat on the app's router (see `routing`), so one pass sees them all.
    methods: set[str] = set()
    for route in routes:
        if route.matches(scope)[0] == Match.PARTIAL:
            methods.update(getattr(route, "methods", None) or ())
    return methods


def _allowed_methods(request: Request, fallback: str) -> str:
    # Starlette names only the first route that matched the path; a path served by one
    # route per method (as here) deserves the full list.
    methods = _route_methods(request.app.routes, request.scope)
    return ", ".join(sorted(methods)) if methods else fallback


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = _FRAMEWORK_MESSAGES.get(exc.status_code, str(exc.detail))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request, headers.get("Allow", ""))
    return error_response(
        exc.status_code, message, headers=headers, dialect=request_dialect(request)
    )


async def _on_validation_error(_request: Request, exc: Exception) -> Response:
    # Routes take no framework-validated input, so this only guards against a future
    # route that does; it still must not leak FastAPI's `{"detail": ...}` shape.
    assert isinstance(exc, RequestValidationError)
    errors = {
        ".".join(str(part) for part in error["loc"][1:]) or "request": str(error["msg"])
        for error in exc.errors()
    }
    return error_response(
        422, "The request has invalid values.", errors, dialect=request_dialect(_request)
    )


def install_error_handlers(app: FastAPI) -> None:
    """Replace FastAPI's `{"detail": ...}` bodies with the contract's shape."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
