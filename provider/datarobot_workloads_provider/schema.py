"""What users may write: strict input models, snake_case, with the contract's ranges.

`check` validates with these before anything talks to the API, so a typo fails
`pulumi preview` with the property path instead of a 422 halfway through `pulumi up`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ARTIFACT_TYPES = ("service",)
ARTIFACT_STATUSES = ("draft", "registered")
DESIRED_STATUSES = ("running", "stopped")
IMPORTANCE_LEVELS = ("critical", "high", "moderate", "low")
SCALING_METRICS = (
    "cpuAverageUtilization",
    "httpRequestsPerHour",
    "httpRequestsInFlight",
    "httpRequestsConcurrency",
)

Name = Annotated[str, Field(min_length=1, max_length=255)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class EnvironmentVarInput(Strict):
    name: Annotated[str, Field(min_length=1)]
    value: str


class ResourceRequestInput(Strict):
    cpu: Annotated[float, Field(gt=0, strict=False)]
    memory: Annotated[int, Field(gt=0, description="bytes, e.g. 1073741824 for 1 GiB")]
    gpu: Annotated[int, Field(ge=0)] | None = None
    gpu_type: str | None = None


class ProbeInput(Strict):
    path: str
    port: Annotated[int, Field(ge=1, le=65535)] = 8080
    scheme: Literal["HTTP", "HTTPS"] = "HTTP"
    initial_delay_seconds: Annotated[int, Field(ge=0)] = 30
    period_seconds: Annotated[int, Field(ge=1)] = 30
    timeout_seconds: Annotated[int, Field(ge=1)] = 30
    failure_threshold: Annotated[int, Field(ge=1)] = 3

    @field_validator("path")
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        return value


class ContainerInput(Strict):
    name: Annotated[str, Field(min_length=1)]
    image_uri: Annotated[str, Field(min_length=1)]
    port: Annotated[int, Field(ge=1024, le=65535)] | None = None
    primary: bool | None = None
    entrypoint: list[str] | None = None
    environment_vars: list[EnvironmentVarInput] | None = None
    resource_request: ResourceRequestInput | None = None
    readiness_probe: ProbeInput | None = None
    liveness_probe: ProbeInput | None = None
    startup_probe: ProbeInput | None = None


class ContainerGroupInput(Strict):
    name: Annotated[str, Field(min_length=1)] = "default"
    containers: Annotated[list[ContainerInput], Field(min_length=1)]


class ArtifactSpecInput(Strict):
    container_groups: Annotated[list[ContainerGroupInput], Field(min_length=1)]


class ArtifactInput(Strict):
    name: Name
    description: str | None = None
    type: Literal["service"] = "service"
    status: Literal["draft", "registered"] = "draft"
    spec: ArtifactSpecInput
    adopt_id: str | None = None


class ScalingPolicyInput(Strict):
    scaling_metric: Literal[
        "cpuAverageUtilization",
        "httpRequestsPerHour",
        "httpRequestsInFlight",
        "httpRequestsConcurrency",
    ]
    target: Annotated[float, Field(gt=0, strict=False)]
    min_count: Annotated[int, Field(ge=0)]
    max_count: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> ScalingPolicyInput:
        if self.max_count < self.min_count:
            raise ValueError("max_count must be >= min_count")
        return self


class AutoscalingInput(Strict):
    enabled: bool = False
    policies: list[ScalingPolicyInput] | None = None


class RuntimeInput(Strict):
    replica_count: Annotated[int, Field(ge=0)] = 1
    autoscaling: AutoscalingInput | None = None
    resource_bundle_id: str | None = None


class WorkloadInput(Strict):
    name: Name
    artifact_id: Annotated[str, Field(min_length=1)]
    runtime: RuntimeInput = RuntimeInput()
    desired_status: Literal["running", "stopped"] = "running"
    artifact_revision: str | None = None
    start_timeout_seconds: Annotated[float, Field(gt=0, strict=False)] = 900.0
    adopt_id: str | None = None
    # Known at preview from the artifact's inputs; only `check` reads them.
    artifact_status: str | None = None
    require_registered_artifact: bool = False


class DeploymentInput(Strict):
    name: Name
    workload_id: Annotated[str, Field(min_length=1)]
    description: str | None = None
    importance: Literal["critical", "high", "moderate", "low"] = "low"
    adopt_id: str | None = None
    artifact_status: str | None = None
