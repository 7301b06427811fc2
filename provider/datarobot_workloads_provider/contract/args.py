"""The nested input shapes (a container, a probe, a runtime...), declared once.

Each `...Args` dataclass is the one declaration of its shape: field names and order,
types, which fields are required, defaults, ranges (`Rule`) and notes. Everything else is
derived from it: the strict input models `check` validates with (`schema`), the lenient
wire records the client parses answers into (`client.models`), the package schema's object
types (`native.package_schema`), and the probe defaults of the canonical spec. Users of
the Python SDK write these classes (or the `...Dict` forms beside them) directly.

`pulumi.Input[T]` says a value may also be an Output; derivations see `T`. The `...Dict`
TypedDicts repeat each shape for plain-dict typing; tests/provider/test_definitions.py
fails when one drifts from its dataclass. This module imports only pulumi (which the
program process has loaded anyway): no pydantic here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, TypedDict

import pulumi

ArtifactType = Literal["service"]
# `locked` is the current dialect's word for `registered`: either is accepted in both
# dialects and stored as the configured dialect's own (lifecycle.artifact).
ArtifactStatus = Literal["draft", "registered", "locked"]
DesiredStatus = Literal["running", "stopped"]
Importance = Literal["critical", "high", "moderate", "low"]
ProbeScheme = Literal["HTTP", "HTTPS"]
ScalingMetric = Literal[
    "cpuAverageUtilization",
    "httpRequestsPerHour",
    "httpRequestsInFlight",
    "httpRequestsConcurrency",
]


@dataclass(frozen=True)
class Rule:
    """What a value must be, beyond its type (the API contract's ranges), and a note for
    the user. Applied by `check` (through pydantic) and shown in the package schema."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    doc: str = ""


NON_EMPTY = Rule(min_length=1)


@dataclass
class EnvironmentVarArgs:
    name: Annotated[pulumi.Input[str], NON_EMPTY]
    value: pulumi.Input[str]


@dataclass
class ResourceRequestArgs:
    """`memory` is in bytes (1 GiB = 1073741824); `cpu` may be fractional."""

    cpu: Annotated[pulumi.Input[float], Rule(gt=0)]
    memory: Annotated[pulumi.Input[int], Rule(gt=0, doc="bytes, e.g. 1073741824 for 1 GiB")]
    gpu: Annotated[pulumi.Input[int], Rule(ge=0)] | None = None
    gpu_type: pulumi.Input[str] | None = None


@dataclass
class ProbeArgs:
    """An HTTP check of a container. `path` must start with '/'."""

    path: pulumi.Input[str]
    port: Annotated[pulumi.Input[int], Rule(ge=1, le=65535)] = 8080
    scheme: pulumi.Input[ProbeScheme] = "HTTP"
    initial_delay_seconds: Annotated[pulumi.Input[int], Rule(ge=0)] = 30
    period_seconds: Annotated[pulumi.Input[int], Rule(ge=1)] = 30
    timeout_seconds: Annotated[pulumi.Input[int], Rule(ge=1)] = 30
    failure_threshold: Annotated[pulumi.Input[int], Rule(ge=1)] = 3


@dataclass
class ContainerArgs:
    name: Annotated[pulumi.Input[str], NON_EMPTY]
    image_uri: Annotated[pulumi.Input[str], NON_EMPTY]
    port: Annotated[pulumi.Input[int], Rule(ge=1024, le=65535)] | None = None
    primary: pulumi.Input[bool] | None = None
    entrypoint: pulumi.Input[list[pulumi.Input[str]]] | None = None
    environment_vars: list[EnvironmentVarArgs | EnvironmentVarDict] | None = None
    resource_request: ResourceRequestArgs | ResourceRequestDict | None = None
    readiness_probe: ProbeArgs | ProbeDict | None = None
    liveness_probe: ProbeArgs | ProbeDict | None = None
    startup_probe: ProbeArgs | ProbeDict | None = None


@dataclass
class ContainerGroupArgs:
    containers: Annotated[list[ContainerArgs | ContainerDict], NON_EMPTY]
    name: Annotated[pulumi.Input[str], NON_EMPTY] = "default"


@dataclass
class ArtifactSpecArgs:
    container_groups: Annotated[list[ContainerGroupArgs | ContainerGroupDict], NON_EMPTY]


@dataclass
class ScalingPolicyArgs:
    """`max_count` must be >= `min_count`."""

    scaling_metric: pulumi.Input[ScalingMetric]
    target: Annotated[pulumi.Input[float], Rule(gt=0)]
    min_count: Annotated[pulumi.Input[int], Rule(ge=0)]
    max_count: Annotated[pulumi.Input[int], Rule(ge=0)]


@dataclass
class AutoscalingArgs:
    enabled: pulumi.Input[bool] = False
    policies: list[ScalingPolicyArgs | ScalingPolicyDict] | None = None


@dataclass
class ResourceAllocationArgs:
    """What one container gets (current dialect). Sizes in bytes, as `resource_request`."""

    cpu: Annotated[pulumi.Input[float], Rule(ge=0)] | None = None
    memory: (
        Annotated[pulumi.Input[int], Rule(ge=0, doc="bytes, e.g. 1073741824 for 1 GiB")] | None
    ) = None
    gpu: Annotated[pulumi.Input[int], Rule(ge=0)] | None = None
    gpu_memory: Annotated[pulumi.Input[int], Rule(ge=0, doc="bytes")] | None = None


@dataclass
class RuntimeContainerArgs:
    """The resources of one of the artifact's containers, by its name (current dialect)."""

    name: Annotated[pulumi.Input[str], NON_EMPTY]
    resource_allocation: ResourceAllocationArgs | ResourceAllocationDict


@dataclass
class RuntimeArgs:
    replica_count: Annotated[pulumi.Input[int], Rule(ge=0)] = 1
    autoscaling: AutoscalingArgs | AutoscalingDict | None = None
    resource_bundle_id: pulumi.Input[str] | None = None
    containers: list[RuntimeContainerArgs | RuntimeContainerDict] | None = None


# Every shape, outermost last; derivations walk this.
SHAPES: tuple[type, ...] = (
    EnvironmentVarArgs,
    ResourceRequestArgs,
    ProbeArgs,
    ContainerArgs,
    ContainerGroupArgs,
    ArtifactSpecArgs,
    ScalingPolicyArgs,
    AutoscalingArgs,
    ResourceAllocationArgs,
    RuntimeContainerArgs,
    RuntimeArgs,
)


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
    scheme: pulumi.Input[ProbeScheme]
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


class ResourceAllocationDict(TypedDict, total=False):
    cpu: pulumi.Input[float]
    memory: pulumi.Input[int]
    gpu: pulumi.Input[int]
    gpu_memory: pulumi.Input[int]


class RuntimeContainerDict(TypedDict):
    name: pulumi.Input[str]
    resource_allocation: ResourceAllocationArgs | ResourceAllocationDict


class RuntimeDict(TypedDict, total=False):
    replica_count: pulumi.Input[int]
    autoscaling: AutoscalingArgs | AutoscalingDict
    resource_bundle_id: pulumi.Input[str]
    containers: list[RuntimeContainerArgs | RuntimeContainerDict]
