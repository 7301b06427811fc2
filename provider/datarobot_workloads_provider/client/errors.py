"""Typed API errors, so callers branch on meaning (gone, conflict, invalid) not on numbers."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An answer the API gave that is not a success, with the server's own explanation."""

    status_code: int | None = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        method: str = "",
        path: str = "",
        field_errors: dict[str, str] | None = None,
    ) -> None:
        self.message = message
        self.status_code = status_code if status_code is not None else self.status_code
        self.method = method
        self.path = path
        self.field_errors = dict(field_errors or {})
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.method} {self.path}: " if self.method else ""
        code = f"HTTP {self.status_code}: " if self.status_code else ""
        text = f"{where}{code}{self.message}"
        if self.field_errors:
            details = "; ".join(f"{k}: {v}" for k, v in sorted(self.field_errors.items()))
            text = f"{text} ({details})"
        return text


class OutcomeUnknownError(ApiError):
    """A non-idempotent request may or may not have taken effect."""


class BadRequestError(ApiError):
    status_code = 400


class AuthenticationError(ApiError):
    status_code = 401


class PermissionDeniedError(ApiError):
    status_code = 403


class NotFoundError(ApiError):
    status_code = 404


class EndpointNotServingError(ApiError):
    """An object's path and its collection both answered 404: the endpoint is not the
    API's base URL (a path without `/api/v2`, a typo), so the 404 says nothing about the
    object. Deliberately not a NotFoundError, which callers take as "gone"."""

    status_code = 404


class ConflictError(ApiError):
    status_code = 409


class ValidationError(ApiError):
    status_code = 422


class RateLimitedError(ApiError):
    status_code = 429


class ServerError(ApiError):
    """5xx: the request may or may not have taken effect."""


class ConnectionFailedError(ApiError):
    """No answer at all. For a write, whether it took effect is unknown."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitedError,
}


def _field_path(item: dict[str, Any]) -> str:
    """Where a validation item points, without the `body`/`query` prefix. FastAPI's shape
    says `loc` (a list); a shape seen in DataRobot's CLI fixtures says `path`, and others
    `field`, as a list, a dotted string or a JSON pointer (`/runtime/replicaCount`)."""
    raw = item.get("loc") or item.get("path") or item.get("field")
    if isinstance(raw, str):
        parts = [part for part in raw.lstrip("$#").replace("/", ".").split(".") if part]
    elif isinstance(raw, list):
        parts = [str(part) for part in raw]
    else:
        parts = []
    return ".".join(part for part in parts if part not in ("body", "query")) or "request"


def _detail_items(detail: list[Any]) -> dict[str, str]:
    """`{"loc": ["body", "runtime", "replicaCount"], "msg": ...}` or `{"path": ...,
    "message": ..., "code": ...}` -> `runtime.replicaCount`: the field is named either way."""
    found: dict[str, str] = {}
    for item in detail:
        if not isinstance(item, dict):
            continue
        text = item.get("msg") or item.get("message") or item.get("code") or item
        found[_field_path(item)] = str(text)
    return found


def error_for(status_code: int, body: Any, *, method: str, path: str) -> ApiError:
    """Builds the typed error for a response, keeping the server's message and field errors."""
    message = f"request failed with HTTP {status_code}"
    field_errors: dict[str, str] = {}
    if isinstance(body, dict):
        raw_message = body.get("message") or body.get("detail")
        if isinstance(raw_message, str) and raw_message:
            message = raw_message
        raw_errors = body.get("errors")
        if isinstance(raw_errors, dict):
            field_errors = {str(k): str(v) for k, v in raw_errors.items()}
        detail = body.get("detail")
        if isinstance(detail, list):
            # The current dialect's validation answer: {"detail": [{loc, msg, type}]} (or
            # {path, message, code} items).
            field_errors.update(_detail_items(detail))
            message = "invalid request"
    cls = _BY_STATUS.get(status_code, ServerError if status_code >= 500 else ApiError)
    return cls(
        message, status_code=status_code, method=method, path=path, field_errors=field_errors
    )
