"""HTTP client for the Workload API: request loop, typed errors, wire models, pagination.

`WorkloadApi` (and with it httpx) loads on first use: check and diff, and the program
process that only pickles provider references, never need it, and every `pulumi` command
pays for what the provider imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import models
from .errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from .settings import ApiSettings

if TYPE_CHECKING:
    from .api import WorkloadApi

__all__ = [
    "ApiError",
    "ApiSettings",
    "AuthenticationError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "ValidationError",
    "WorkloadApi",
    "models",
]


def __getattr__(name: str) -> Any:
    if name == "WorkloadApi":
        from .api import WorkloadApi

        return WorkloadApi
    raise AttributeError(name)
