"""Artifact request and response bodies (InputArtifact, ArtifactFormatted and parts)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from workload_api_server.schemas.base import ResponseModel, WireModel

ArtifactType = Literal["service"]
ArtifactStatus = Literal["draft", "registered"]


class ProbeConfig(WireModel):
    """Defaults are the reference's, filled in so responses show what applies."""

    path: str = Field(pattern=r"^/", description="HTTP path, starting with /.")
    port: int = Field(default=8080, ge=1, le=65535)
    scheme: Literal["HTTP", "HTTPS"] = "HTTP"
    initial_delay_seconds: int = Field(default=30, ge=0)
    period_seconds: int = Field(default=30, ge=1)
    timeout_seconds: int = Field(default=30, ge=1)
    failure_threshold: int = Field(default=3, ge=1)


class EnvironmentVar(WireModel):
    """One variable in the container's environment."""

    name: str = Field(min_length=1)
    value: str


class ResourceRequest(WireModel):
    """Resource needs of a container; memory in bytes."""

    cpu: float = Field(gt=0, description="CPU cores, may be fractional.")
    memory: int = Field(gt=0, description="Memory in bytes.")
    gpu: int | None = Field(default=None, ge=0)
    gpu_type: str | None = None


class Container(WireModel):
    """`primary` is filled in on responses (a lone container is primary)."""

    name: str = Field(min_length=1)
    image_uri: str = Field(min_length=1)
    port: int | None = Field(
        default=None, ge=1024, le=65535, description="Required on the primary container."
    )
    primary: bool | None = Field(default=None, description="Exactly one per artifact.")
    entrypoint: list[str] | None = None
    environment_vars: list[EnvironmentVar] | None = None
    resource_request: ResourceRequest | None = None
    readiness_probe: ProbeConfig | None = None
    liveness_probe: ProbeConfig | None = None
    startup_probe: ProbeConfig | None = None


class ContainerGroup(WireModel):
    """A named set of containers that run together."""

    name: str = Field(default="default", min_length=1)
    containers: list[Container] = Field(min_length=1)


class ArtifactSpec(WireModel):
    """The container specification a workload runs."""

    container_groups: list[ContainerGroup] = Field(min_length=1)


class InputArtifact(WireModel):
    """Body of artifact create, and the inline `artifact` of workload create."""

    name: str = Field(min_length=1, max_length=255)
    description: str | None = None
    type: ArtifactType = "service"
    status: ArtifactStatus = "draft"
    spec: ArtifactSpec


class ArtifactReplace(WireModel):
    """Body of PUT: the create body without `status` (registration is PATCH's job)."""

    name: str = Field(min_length=1, max_length=255)
    description: str | None = None
    type: ArtifactType = "service"
    spec: ArtifactSpec


class ArtifactPatch(WireModel):
    """Body of PATCH: metadata and registration only; the spec changes through PUT."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, description="null clears it.")
    status: ArtifactStatus | None = None


class ArtifactFormatted(ResponseModel):
    """An artifact as the API shows it; absent optional fields are null."""

    id: str
    name: str
    description: str | None
    type: ArtifactType
    status: ArtifactStatus
    version: int | None = Field(description="Null while draft.")
    spec: ArtifactSpec
    created_at: str
    updated_at: str
    registered_at: str | None


class ArtifactList(ResponseModel):
    """One page of artifacts."""

    count: int
    next: str | None
    previous: str | None
    data: list[ArtifactFormatted]
    total_count: int
