"""Error bodies and list envelopes of the current dialect."""

from __future__ import annotations

from pydantic import Field

from workload_api_server.schemas.base import ResponseModel


class CurrentValidationItem(ResponseModel):
    """One invalid value: where (`body`/`query` then the field path), why, and its kind."""

    loc: list[str | int]
    msg: str
    type: str


class CurrentValidationError(ResponseModel):
    """422: every invalid value at once."""

    detail: list[CurrentValidationItem]


class CurrentError(ResponseModel):
    """Every other error: one sentence."""

    detail: str = Field(description="What went wrong.")
