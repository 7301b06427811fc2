"""HTTP client for the Workload API: request loop, typed errors, wire records, pagination.

`WorkloadApi` (and with it httpx) and `models` load on first use: the program process
only pickles provider references and never needs them, check and diff never need httpx,
and every `pulumi` command pays for what the provider imports. Parsing an answer loads
pydantic only when the answer is not plainly well formed (`records`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    ValidationError,
)
from .settings import ApiSettings

if TYPE_CHECKING:
    from . import models
    from .api import WorkloadApi

__all__ = [
    "ApiError",
    "ApiSettings",
    "AuthenticationError",
    "ConflictError",
    "NotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "ValidationError",
    "WorkloadApi",
    "models",
]


def __getattr__(name: str) -> Any:
    if name == "WorkloadApi":
        from .api import WorkloadApi

        return WorkloadApi
    if name == "models":
        # Not `from . import models`: that asks this very function for `models` again.
        return importlib.import_module(f"{__name__}.models")
    raise AttributeError(name)
