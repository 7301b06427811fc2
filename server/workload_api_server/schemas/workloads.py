"""Workload request and response bodies (WorkloadFormatted and parts)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workload_api_server.schemas.artifacts import InputArtifact
from workload_api_server.schemas.base import ResponseModel, WireModel

WorkloadStatus = Literal[
    "unknown", "submitted", "initializing", "running", "stopping", "stopped", "errored"
]
ScalingMetricType = Literal[
    "cpuAverageUtilization",
    "httpRequestsPerHour",
    "httpRequestsInFlight",
    "httpRequestsConcurrency",
]


class ScalingPolicy(WireModel):
    """One autoscaling rule; `maxCount >= minCount` is checked as a rule."""

    scaling_metric: ScalingMetricType
    target: float = Field(gt=0)
    min_count: int = Field(ge=0)
    max_count: int = Field(ge=0)


class Autoscaling(WireModel):
    """Autoscaling switch and its policies."""

    enabled: bool
    policies: list[ScalingPolicy] = Field(default_factory=list)


class WorkloadRuntime(WireModel):
    """Always returned in full, defaults filled in."""

    replica_count: int = Field(default=1, ge=0, description="0 is valid: scaled to zero.")
    autoscaling: Autoscaling | None = None
    resource_bundle_id: str | None = None


class WorkloadCreate(WireModel):
    """Exactly one of `artifactId` and `artifact` (inline, created as a draft)."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    artifact_id: str | None = None
    artifact: InputArtifact | None = None
    runtime: WorkloadRuntime | None = None


class StatusDetails(ResponseModel):
    """Why a workload is errored, with the end of its output."""

    message: str
    log_tail: list[str]


class WorkloadFormatted(ResponseModel):
    """A workload as the API shows it, with its status derived at the time of the answer."""

    id: str
    name: str
    artifact_id: str
    runtime: WorkloadRuntime
    status: WorkloadStatus
    status_details: StatusDetails | None
    endpoint: str
    created_at: str
    updated_at: str


class WorkloadList(ResponseModel):
    """One page of workloads."""

    count: int
    next: str | None
    previous: str | None
    data: list[WorkloadFormatted]
    total_count: int
