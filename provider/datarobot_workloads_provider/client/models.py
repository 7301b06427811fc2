"""Wire models of API responses: camelCase on the wire, snake_case in Python.

They are lenient on purpose (unknown fields ignored, no range checks, statuses as plain
strings): the provider must keep working when the real service adds a field or a status.
Strict validation of what users write lives in `datarobot_workloads_provider.schema`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Wire(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        # Built on first use, not at import: every pulumi command imports this module.
        defer_build=True,
    )


class EnvironmentVar(Wire):
    name: str
    value: str | None = None


class ResourceRequest(Wire):
    cpu: float | None = None
    memory: int | None = None
    gpu: int | None = None
    gpu_type: str | None = None


class Probe(Wire):
    path: str | None = None
    port: int | None = None
    scheme: str | None = None
    initial_delay_seconds: int | None = None
    period_seconds: int | None = None
    timeout_seconds: int | None = None
    failure_threshold: int | None = None


class Container(Wire):
    name: str | None = None
    image_uri: str | None = None
    port: int | None = None
    primary: bool | None = None
    entrypoint: list[str] | None = None
    environment_vars: list[EnvironmentVar] | None = None
    resource_request: ResourceRequest | None = None
    readiness_probe: Probe | None = None
    liveness_probe: Probe | None = None
    startup_probe: Probe | None = None


class ContainerGroup(Wire):
    name: str | None = None
    containers: list[Container] = []


class ArtifactSpec(Wire):
    container_groups: list[ContainerGroup] = []


class Artifact(Wire):
    id: str
    name: str
    description: str | None = None
    type: str | None = None
    status: str
    spec: ArtifactSpec | None = None
    version: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    registered_at: str | None = None


class ScalingPolicy(Wire):
    scaling_metric: str | None = None
    target: float | None = None
    min_count: int | None = None
    max_count: int | None = None


class Autoscaling(Wire):
    enabled: bool | None = None
    policies: list[ScalingPolicy] | None = None


class Runtime(Wire):
    replica_count: int | None = None
    autoscaling: Autoscaling | None = None
    resource_bundle_id: str | None = None


class StatusDetails(Wire):
    message: str | None = None
    log_tail: list[str] | None = None


class Workload(Wire):
    id: str
    name: str | None = None
    artifact_id: str | None = None
    runtime: Runtime | None = None
    status: str
    status_details: StatusDetails | None = None
    endpoint: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Deployment(Wire):
    id: str
    name: str
    workload_id: str
    description: str | None = None
    importance: str | None = None
    status: str | None = None
    endpoint: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class DeploymentStats(Wire):
    deployment_id: str
    period: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None


class Page(Wire):
    count: int = 0
    next: str | None = None
    previous: str | None = None
    data: list[dict[str, Any]] = []
    total_count: int | None = None
