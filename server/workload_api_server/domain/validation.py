"""Turning pydantic validation into the contract's 422: one reason per dotted field path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from workload_api_server.web.errors import Unprocessable

ModelT = TypeVar("ModelT", bound=BaseModel)

_REASONS_BY_TYPE = {
    "extra_forbidden": "unknown field",
    "missing": "required",
}


def dotted(*parts: str | int) -> str:
    """`("spec", "containerGroups", 0)` becomes `spec.containerGroups.0`, the contract's naming."""
    return ".".join(str(part) for part in parts if part != "")


def validation_errors(exc: ValidationError, prefix: str = "") -> dict[str, str]:
    """Keep the first reason per path: clients show one message per field."""
    errors: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        path = dotted(prefix, *error["loc"]) or "body"
        errors.setdefault(path, _REASONS_BY_TYPE.get(error["type"], error["msg"]))
    return errors


def validate(
    model: type[ModelT],
    data: Mapping[str, Any],
    *,
    extra_errors: Mapping[str, str] | None = None,
) -> ModelT:
    """Validate `data`, answering 422 with every problem found, rule errors included.

    `extra_errors` carries findings a caller made before validation (such as a field that is
    present but not allowed here), so the client hears about all of them at once.
    """
    errors = dict(extra_errors or {})
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        for path, reason in validation_errors(exc).items():
            errors.setdefault(path, reason)
        raise Unprocessable(errors) from exc
    if errors:
        raise Unprocessable(errors)
    return result


def raise_if_any(errors: Mapping[str, str]) -> None:
    """Rule checks collect errors, then answer 422 once with all of them."""
    if errors:
        raise Unprocessable(errors)
