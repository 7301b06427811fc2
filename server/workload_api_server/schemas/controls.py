"""Bodies of the `/__test__` controls, which the real API does not have."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workload_api_server.schemas.base import WireModel

FaultKind = Literal["429", "500", "502", "503", "latency", "drop_before", "drop_after"]


class FaultConfig(WireModel):
    """Which /api/v2 requests get a fault, and which faults."""

    rate: float = Field(ge=0, le=1)
    kinds: list[FaultKind] = Field(min_length=1)
    methods: list[str] | None = None
    path_contains: str | None = None
    latency_ms: int = Field(default=200, ge=0, le=60_000)
    retry_after: int = Field(default=1, ge=0)
    seed: int | None = None


class ForcedError(WireModel):
    """Makes a workload errored, as if its process had failed."""

    message: str = Field(min_length=1)
    log_tail: list[str] = Field(default_factory=list)


class PlannedRolloutFailure(WireModel):
    """Makes the next rolling replacements fail, as a broken candidate would."""

    message: str = Field(min_length=1)
    workload_id: str | None = None
    count: int = Field(default=1, ge=1)


class ApiVariantConfig(WireModel):
    """Answers where DataRobot's public descriptions disagree, the other way
    (`domain.api_variants`); each left out keeps the default answer."""

    lock_gives_new_id: bool = False
    delete_seconds: float = Field(default=0.0, ge=0, le=600)
    errored_replacements_clear: bool = False
    validation_items: Literal["loc", "path"] = "loc"
