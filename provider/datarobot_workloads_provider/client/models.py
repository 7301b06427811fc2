"""Wire models of API responses: camelCase on the wire, snake_case in Python.

They are lenient on purpose (unknown fields ignored, no range checks, statuses as plain
strings, every field optional): the provider must keep working when the real service adds
a field or a status. The nested shapes (a spec's containers, a runtime) are derived from
their one declaration in `datarobot_workloads_provider.contract.args`; strict validation of what
users write lives in `datarobot_workloads_provider.schema`.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, create_model
from pydantic.alias_generators import to_camel

from ..contract.args import SHAPES, ArtifactSpecArgs, RuntimeArgs
from ..contract.declared import fields_of, shape_name
from .settings import OLDER


class Wire(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        # Built on first use, not at import: every pulumi command imports this module.
        defer_build=True,
    )


def _wire_annotation(value_type: Any) -> Any:
    """Lenient: a literal is any string, a shape its wire model, and anything may be absent."""
    if typing.get_origin(value_type) is Literal:
        return str
    if typing.get_origin(value_type) is list:
        (item,) = typing.get_args(value_type)
        return list[_wire_annotation(item)]  # type: ignore[misc]
    if isinstance(value_type, type) and dataclasses.is_dataclass(value_type):
        return _WIRE[value_type]
    return value_type


def _wire_model(shape: type) -> type[Wire]:
    fields: dict[str, Any] = {
        declared.name: (_wire_annotation(declared.type) | None, None)
        for declared in fields_of(shape)
    }
    model: type[Wire] = create_model(shape_name(shape), __base__=Wire, **fields)
    return model


_WIRE: dict[type, type[Wire]] = {}
for _shape in SHAPES:
    _WIRE[_shape] = _wire_model(_shape)

# The nested shapes, derived from their one declaration (`args`). mypy sees their base.
if TYPE_CHECKING:
    ArtifactSpec = Wire
    Runtime = Wire
else:
    ArtifactSpec = _WIRE[ArtifactSpecArgs]
    Runtime = _WIRE[RuntimeArgs]


class Answered(Wire):
    """An object as a dialect's adapter parsed it: `dialect` is not on the wire, the
    adapter that read the answer sets it (`api.WorkloadApi.parse_artifact`...)."""

    dialect: str = OLDER


class Artifact(Answered):
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
    # The current dialect's repository (its versions); None in the older dialect.
    artifact_repository_id: str | None = None


class Repository(Wire):
    """An artifact repository (current dialect): the versions of one artifact."""

    id: str
    name: str | None = None
    last_version_number: int | None = None
    num_artifacts: int | None = None


class StatusDetails(Wire):
    message: str | None = None
    log_tail: list[str] | None = None


class Replacement(Wire):
    """A rolling replacement of a workload (current dialect): running, done or failed."""

    id: str | None = None
    status: str | None = None
    candidate_artifact_id: str | None = None
    message: str | None = None


class ActiveArtifact(Wire):
    """The artifact a workload runs, as the current dialect summarizes it."""

    id: str | None = None
    status: str | None = None
    version: int | None = None
    artifact_repository_id: str | None = None


class Workload(Answered):
    id: str
    name: str | None = None
    artifact_id: str | None = None
    runtime: Runtime | None = None
    status: str
    status_details: StatusDetails | None = None
    endpoint: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    # The current dialect's only.
    description: str | None = None
    importance: str | None = None
    artifact: ActiveArtifact | None = None
    replacement: Replacement | None = None
    expires_at: str | None = None


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
