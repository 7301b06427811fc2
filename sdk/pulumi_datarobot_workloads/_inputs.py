"""Typed input classes. Each may also be written as a plain dict with the same keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

import pulumi

ArtifactStatus = Literal["draft", "registered"]
DesiredStatus = Literal["running", "stopped"]
Importance = Literal["critical", "high", "moderate", "low"]
ScalingMetric = Literal[
    "cpuAverageUtilization",
    "httpRequestsPerHour",
    "httpRequestsInFlight",
    "httpRequestsConcurrency",
]


@dataclass
class EnvironmentVarArgs:
    name: pulumi.Input[str]
    value: pulumi.Input[str]


@dataclass
class ResourceRequestArgs:
    """`memory` is in bytes (1 GiB = 1073741824); `cpu` may be fractional."""

    cpu: pulumi.Input[float]
    memory: pulumi.Input[int]
    gpu: pulumi.Input[int] | None = None
    gpu_type: pulumi.Input[str] | None = None


@dataclass
class ProbeArgs:
    path: pulumi.Input[str]
    port: pulumi.Input[int] | None = None
    scheme: pulumi.Input[str] | None = None
    initial_delay_seconds: pulumi.Input[int] | None = None
    period_seconds: pulumi.Input[int] | None = None
    timeout_seconds: pulumi.Input[int] | None = None
    failure_threshold: pulumi.Input[int] | None = None


@dataclass
class ContainerArgs:
    name: pulumi.Input[str]
    image_uri: pulumi.Input[str]
    port: pulumi.Input[int] | None = None
    primary: pulumi.Input[bool] | None = None
    entrypoint: pulumi.Input[list[pulumi.Input[str]]] | None = None
    environment_vars: list[EnvironmentVarArgs | EnvironmentVarDict] | None = None
    resource_request: ResourceRequestArgs | ResourceRequestDict | None = None
    readiness_probe: ProbeArgs | ProbeDict | None = None
    liveness_probe: ProbeArgs | ProbeDict | None = None
    startup_probe: ProbeArgs | ProbeDict | None = None


@dataclass
class ContainerGroupArgs:
    containers: list[ContainerArgs | ContainerDict]
    name: pulumi.Input[str] = "default"


@dataclass
class ArtifactSpecArgs:
    container_groups: list[ContainerGroupArgs | ContainerGroupDict]


@dataclass
class ScalingPolicyArgs:
    scaling_metric: pulumi.Input[ScalingMetric]
    target: pulumi.Input[float]
    min_count: pulumi.Input[int]
    max_count: pulumi.Input[int]


@dataclass
class AutoscalingArgs:
    enabled: pulumi.Input[bool] = False
    policies: list[ScalingPolicyArgs | ScalingPolicyDict] | None = None


@dataclass
class RuntimeArgs:
    replica_count: pulumi.Input[int] = 1
    autoscaling: AutoscalingArgs | AutoscalingDict | None = None
    resource_bundle_id: pulumi.Input[str] | None = None


class EnvironmentVarDict(TypedDict):
    name: pulumi.Input[str]
    value: pulumi.Input[str]


class ResourceRequestDict(TypedDict, total=False):
    cpu: pulumi.Input[float]
    memory: pulumi.Input[int]
    gpu: pulumi.Input[int]
    gpu_type: pulumi.Input[str]


class ProbeDict(TypedDict, total=False):
    path: pulumi.Input[str]
    port: pulumi.Input[int]
    scheme: pulumi.Input[str]
    initial_delay_seconds: pulumi.Input[int]
    period_seconds: pulumi.Input[int]
    timeout_seconds: pulumi.Input[int]
    failure_threshold: pulumi.Input[int]


class ContainerDict(TypedDict, total=False):
    name: pulumi.Input[str]
    image_uri: pulumi.Input[str]
    port: pulumi.Input[int]
    primary: pulumi.Input[bool]
    entrypoint: pulumi.Input[list[pulumi.Input[str]]]
    environment_vars: list[EnvironmentVarArgs | EnvironmentVarDict]
    resource_request: ResourceRequestArgs | ResourceRequestDict
    readiness_probe: ProbeArgs | ProbeDict
    liveness_probe: ProbeArgs | ProbeDict
    startup_probe: ProbeArgs | ProbeDict


class ContainerGroupDict(TypedDict, total=False):
    name: pulumi.Input[str]
    containers: list[ContainerArgs | ContainerDict]


class ArtifactSpecDict(TypedDict):
    container_groups: list[ContainerGroupArgs | ContainerGroupDict]


class ScalingPolicyDict(TypedDict):
    scaling_metric: pulumi.Input[ScalingMetric]
    target: pulumi.Input[float]
    min_count: pulumi.Input[int]
    max_count: pulumi.Input[int]


class AutoscalingDict(TypedDict, total=False):
    enabled: pulumi.Input[bool]
    policies: list[ScalingPolicyArgs | ScalingPolicyDict]


class RuntimeDict(TypedDict, total=False):
    replica_count: pulumi.Input[int]
    autoscaling: AutoscalingArgs | AutoscalingDict
    resource_bundle_id: pulumi.Input[str]
