"""Deployment request and response bodies, and deployment statistics."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workload_api_server.schemas.base import ResponseModel, WireModel
from workload_api_server.schemas.workloads import WorkloadStatus

Importance = Literal["critical", "high", "moderate", "low"]


class DeploymentCreate(WireModel):
    """Only a workload whose artifact is registered may be deployed (a rule, not a type)."""

    name: str = Field(min_length=1, max_length=255)
    workload_id: str
    description: str | None = None
    importance: Importance = "low"


class DeploymentPatch(WireModel):
    """Metadata only; `workloadId` is rejected by the service with its own reason."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, description="null clears it.")
    importance: Importance | None = None


class DeploymentFormatted(ResponseModel):
    """A deployment as the API shows it; `status` is its workload's."""

    id: str
    name: str
    workload_id: str
    description: str | None
    importance: Importance
    status: WorkloadStatus
    endpoint: str
    created_at: str
    updated_at: str


class DeploymentList(ResponseModel):
    """One page of deployments."""

    count: int
    next: str | None
    previous: str | None
    data: list[DeploymentFormatted]
    total_count: int


class StatsPeriod(ResponseModel):
    """From the deployment's creation until the time of the answer."""

    start: str
    end: str


class StatsMetrics(ResponseModel):
    """Counted from traffic through the deployment's invoke endpoint."""

    total_requests: int
    requests_per_minute: float
    response_time_ms: float
    server_errors: int
    user_errors: int
    server_error_rate: float
    user_error_rate: float


class DeploymentStats(ResponseModel):
    """Answer of `GET /console/deployments/{id}/stats/`."""

    deployment_id: str
    period: StatsPeriod
    metrics: StatsMetrics
