"""Artifact, repository and clone bodies of the current dialect."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from workload_api_server.schemas.base import ResponseModel, WireModel

CurrentArtifactType = Literal["service", "nim", "agent"]
CurrentArtifactStatus = Literal["draft", "locked"]
NAME = Field(min_length=1, max_length=5000)


class CurrentHttpHeader(WireModel):
    """A header a probe sends."""

    name: str = Field(min_length=1)
    value: str


class CurrentProbe(WireModel):
    """A health probe; the defaults are the service's."""

    path: str = Field(pattern=r"^/", description="HTTP path, starting with /.")
    port: int = Field(default=8080, ge=1, le=65535)
    scheme: Literal["HTTP", "HTTPS"] = "HTTP"
    host: str | None = None
    http_headers: list[CurrentHttpHeader] | None = None
    initial_delay_seconds: int = Field(default=30, ge=0)
    period_seconds: int = Field(default=30, ge=1)
    timeout_seconds: int = Field(default=30, ge=1)
    failure_threshold: int = Field(default=3, ge=1)
    success_threshold: int | None = Field(default=None, ge=1)


class CurrentStringVar(WireModel):
    """A plain value."""

    source: Literal["string"] = "string"
    name: str = Field(min_length=1)
    value: str


class CurrentCredentialVar(WireModel):
    """A value read from a stored credential."""

    source: Literal["dr-credential"]
    name: str = Field(min_length=1)
    dr_credential_id: str = Field(min_length=1)
    key: str = Field(min_length=1)


class CurrentCatalogRef(WireModel):
    """Where a build finds its code."""

    catalog_id: str = Field(min_length=1)
    catalog_version_id: str = Field(min_length=1)


class CurrentCodeRef(WireModel):
    """The code a build uses."""

    datarobot: CurrentCatalogRef


class CurrentImageBuildConfig(WireModel):
    """How an image would be built (builds are not run by this server)."""

    code_ref: CurrentCodeRef | None = None
    dockerfile: Literal["provided", "generated"] = "provided"


class CurrentContainer(WireModel):
    """`port` on the primary container only; `imageUri` unless an image build is set."""

    name: str = Field(min_length=1)
    description: str | None = None
    image_uri: str | None = Field(default=None, min_length=1)
    primary: bool = False
    port: int | None = Field(
        default=None, ge=1024, le=65535, description="Required on the primary, else forbidden."
    )
    entrypoint: list[str] | None = None
    environment_vars: list[CurrentStringVar | CurrentCredentialVar] | None = None
    readiness_probe: CurrentProbe | None = None
    liveness_probe: CurrentProbe | None = None
    startup_probe: CurrentProbe | None = None
    security_context: dict[str, Any] | None = None
    image_build_config: CurrentImageBuildConfig | None = None


class CurrentContainerGroup(WireModel):
    """The one group of containers that run together."""

    name: str = Field(default="default", min_length=1)
    containers: list[CurrentContainer] = Field(min_length=1)


class CurrentSpec(WireModel):
    """What a workload runs; resources belong to the workload's runtime, not here."""

    container_groups: list[CurrentContainerGroup] = Field(min_length=1, max_length=1)
    storage: dict[str, Any] | None = Field(default=None, description="nim artifacts only.")
    a2a_enabled: bool | None = Field(
        default=None, alias="a2aEnabled", description="agent artifacts only."
    )


class CurrentArtifactCreate(WireModel):
    """POST /artifacts; without a repository the server opens a new one."""

    name: str = NAME
    description: str = ""
    type: CurrentArtifactType = "service"
    status: CurrentArtifactStatus = "draft"
    artifact_repository_id: str | None = None
    spec: CurrentSpec


class CurrentArtifactReplace(WireModel):
    """PUT /artifacts/{id}: a draft's whole definition."""

    name: str = NAME
    description: str = ""
    type: CurrentArtifactType = "service"
    spec: CurrentSpec


class CurrentArtifactPatch(WireModel):
    """PATCH /artifacts/{id}: a draft's fields, or `status: locked` (one way)."""

    name: str | None = Field(default=None, min_length=1, max_length=5000)
    description: str | None = None
    spec: CurrentSpec | None = None
    status: CurrentArtifactStatus | None = None


class CurrentArtifactClone(WireModel):
    """POST /artifacts/{id}/clone."""

    name: str = NAME


class Artifact(ResponseModel):
    """An artifact; `version` is null until it is locked."""

    id: str
    name: str
    description: str
    type: CurrentArtifactType
    status: CurrentArtifactStatus
    version: int | None
    artifact_repository_id: str | None
    spec: CurrentSpec
    created_at: str
    updated_at: str


class CurrentArtifactList(ResponseModel):
    """One page of artifacts."""

    count: int
    next: str | None
    previous: str | None
    data: list[Artifact]
    total_count: int


class ArtifactRepository(ResponseModel):
    """The versions of one artifact line."""

    id: str
    name: str
    type: CurrentArtifactType
    last_version_number: int
    num_artifacts: int
    created_at: str
    updated_at: str


class CurrentRepositoryList(ResponseModel):
    """One page of repositories."""

    count: int
    next: str | None
    previous: str | None
    data: list[ArtifactRepository]
    total_count: int
