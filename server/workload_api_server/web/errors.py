"""The one error shape of the contract: `{"message": ..., "errors": {...}}`.

Every failure, whether raised by our rules or by the framework (unknown route, wrong
method), leaves the server in this shape, so clients parse a single format.
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

    def __init__(self, errors: Mapping[str, str], message: str | None = None) -> None:
        super().__init__(message or "The request has invalid values.", errors=errors)


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


def error_response(
    status_code: int,
    message: str,
    errors: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Shared by exception handlers and middleware that answer before routing."""
    return JSONResponse(
        error_body(message, errors), status_code=status_code, headers=dict(headers or {})
    )


_FRAMEWORK_MESSAGES = {
    404: "Not found.",
    405: "Method not allowed.",
}


async def _on_api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status_code, exc.message, exc.errors, exc.headers)


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
    return error_response(exc.status_code, message, headers=headers)


async def _on_validation_error(_request: Request, exc: Exception) -> Response:
    # Routes take no framework-validated input, so this only guards against a future
    # route that does; it still must not leak FastAPI's `{"detail": ...}` shape.
    assert isinstance(exc, RequestValidationError)
    errors = {
        ".".join(str(part) for part in error["loc"][1:]) or "request": str(error["msg"])
        for error in exc.errors()
    }
    return error_response(422, "The request has invalid values.", errors)


def install_error_handlers(app: FastAPI) -> None:
    """Replace FastAPI's `{"detail": ...}` bodies with the contract's shape."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
