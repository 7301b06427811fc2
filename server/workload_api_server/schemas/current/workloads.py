"""Workload, runtime, replacement and action bodies of the current dialect."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workload_api_server.domain.current_lifecycle import CurrentStatus
from workload_api_server.domain.rollout import RolloutStatus
from workload_api_server.schemas.base import ResponseModel, WireModel
from workload_api_server.schemas.current.artifacts import (
    NAME,
    CurrentArtifactCreate,
    CurrentArtifactStatus,
    CurrentArtifactType,
)

Importance = Literal["critical", "high", "moderate", "low"]
CurrentScalingMetric = Literal[
    "cpuAverageUtilization",
    "httpRequestsConcurrency",
    "gpuCacheUtilization",
    "gpuRequestQueueDepth",
]
# Bytes as a number, or a size such as "512Mi" or "8GB"; answers always give bytes.
Size = int | str


class CurrentResourceAllocation(WireModel):
    """What one container gets."""

    cpu: float | None = Field(default=None, ge=0)
    gpu: int | None = Field(default=None, ge=0)
    memory: Size | None = None
    gpu_memory: Size | None = None


class CurrentRuntimeContainer(WireModel):
    """Resources of one artifact container, by its name."""

    name: str = Field(min_length=1)
    resource_allocation: CurrentResourceAllocation | None = None


class CurrentScalingPolicy(WireModel):
    """One autoscaling rule; bounds here (11.5) or on the autoscaling object (newer)."""

    scaling_metric: CurrentScalingMetric
    target: float = Field(ge=0)
    min_count: int | None = Field(default=None, ge=0)
    max_count: int | None = Field(default=None, ge=1)
    priority: int | None = Field(default=None, ge=0)


class CurrentAutoscaling(WireModel):
    """Autoscaling; replaces `replicaCount` when enabled."""

    enabled: bool = True
    policies: list[CurrentScalingPolicy] = Field(default_factory=list)
    min_replica_count: int | None = Field(default=None, ge=0)
    max_replica_count: int | None = Field(default=None, ge=1)


class CurrentRuntimeGroup(WireModel):
    """How one container group runs."""

    name: str = Field(default="default", min_length=1)
    replica_count: int | None = Field(default=None, ge=1)
    autoscaling: CurrentAutoscaling | None = None
    resource_bundles: list[str] | None = None
    bundle_selection_policy: Literal["availability"] | None = None
    containers: list[CurrentRuntimeContainer] | None = None


class CurrentRuntime(WireModel):
    """Sizing of a workload; answers fill `replicaCount` and give sizes in bytes."""

    container_groups: list[CurrentRuntimeGroup] = Field(default_factory=list, max_length=1)


class CurrentWorkloadCreate(WireModel):
    """POST /workloads: exactly one of `artifactId` and `artifact` (inline, a draft)."""

    name: str = NAME
    description: str = ""
    importance: Importance = "low"
    artifact_id: str | None = None
    artifact: CurrentArtifactCreate | None = None
    runtime: CurrentRuntime | None = None


class CurrentWorkloadPatch(WireModel):
    """PATCH /workloads/{id}: metadata only."""

    name: str | None = Field(default=None, min_length=1, max_length=5000)
    description: str | None = None
    importance: Importance | None = None


class CurrentRolloutConfig(WireModel):
    """Timing of a rolling replacement, in minutes."""

    warmup_duration_minutes: float = Field(default=0, ge=0)
    keep_old_version_minutes: float = Field(default=0, ge=0)


class CurrentReplacementCreate(WireModel):
    """POST /workloads/{id}/replacement."""

    artifact_id: str = Field(min_length=1)
    strategy: Literal["rolling"]
    config: CurrentRolloutConfig | None = None
    runtime: CurrentRuntime | None = None


class CurrentSettingsPatch(WireModel):
    """PATCH /workloads/{id}/settings: a new runtime, rolled onto the current artifact."""

    runtime: CurrentRuntime


class CurrentSettings(ResponseModel):
    """GET /workloads/{id}/settings."""

    runtime: CurrentRuntime


class CurrentArtifactSummary(ResponseModel):
    """The active artifact, as a workload shows it."""

    id: str
    name: str
    status: CurrentArtifactStatus
    type: CurrentArtifactType
    version: int | None
    artifact_repository_id: str | None


class Replacement(ResponseModel):
    """A replacement record; `completed` and `errored` are final."""

    id: str
    name: str
    workload_id: str
    candidate_artifact_id: str
    previous_artifact_id: str
    candidate_proton_ids: list[str]
    previous_proton_ids: list[str]
    config: CurrentRolloutConfig
    runtime: CurrentRuntime
    status: RolloutStatus
    strategy: Literal["rolling"]
    message: str | None
    switched_at: str | None
    created_at: str
    updated_at: str
    is_deleted: bool
    deleted_at: str | None


class CurrentReplacementSummary(ResponseModel):
    """The replacement as the workload shows it."""

    id: str
    status: RolloutStatus
    strategy: Literal["rolling"]
    candidate_artifact_id: str
    candidate_proton_ids: list[str]
    config: CurrentRolloutConfig
    message: str | None


class Workload(ResponseModel):
    """A workload; `endpoint` never changes, replacements included."""

    id: str
    name: str
    description: str
    importance: Importance
    status: CurrentStatus
    type: CurrentArtifactType
    artifact_id: str
    artifact: CurrentArtifactSummary | None
    endpoint: str
    proton_id: str | None
    runtime: CurrentRuntime
    replacement: CurrentReplacementSummary | None
    expires_at: str | None = Field(
        description="When a workload on a draft artifact ends by itself; null otherwise."
    )
    status_message: str | None
    created_at: str
    updated_at: str


class CurrentWorkloadList(ResponseModel):
    """One page of workloads."""

    count: int
    next: str | None
    previous: str | None
    data: list[Workload]
    total_count: int


class CurrentReplacementList(ResponseModel):
    """One page of a workload's replacement history."""

    count: int
    next: str | None
    previous: str | None
    data: list[Replacement]
    total_count: int


class CurrentActionResult(ResponseModel):
    """Start and stop: what happened, and where to watch."""

    status: str
    workload_id: str
    track_via: str
