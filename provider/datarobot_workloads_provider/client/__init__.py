"""HTTP client for the Workload API: request loop, typed errors, wire models, pagination."""

from .api import WorkloadApi
from .errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from .settings import ApiSettings

__all__ = [
    "ApiError",
    "ApiSettings",
    "AuthenticationError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "ValidationError",
    "WorkloadApi",
]
