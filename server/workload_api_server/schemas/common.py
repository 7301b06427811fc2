"""Shapes shared by every collection."""

from __future__ import annotations

from pydantic import Field

from workload_api_server.schemas.base import ResponseModel


class ErrorBody(ResponseModel):
    """Documented so clients can rely on it: `errors` only accompanies a 422."""

    message: str = Field(description="One sentence saying what went wrong.")
    errors: dict[str, str] | None = Field(
        default=None,
        description="Only on 422: the reason for each invalid field, by dotted path.",
    )
