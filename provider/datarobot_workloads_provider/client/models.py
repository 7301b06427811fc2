"""The wire records of API responses, declared once: camelCase on the wire, snake_case in
Python.

They are lenient on purpose (unknown fields ignored, no range checks, statuses as plain
strings, every field optional but the few every answer has): the provider must keep
working when the real service adds a field or a status. The nested shapes (a spec's
containers, a runtime) are derived from their one declaration in
`datarobot_workloads_provider.contract.args`; strict validation of what users write lives
in `datarobot_workloads_provider.schema`.

Nothing here imports pydantic: a record parses a plainly well-formed answer itself
(`records`), and hands anything else to the pydantic models derived from these
declarations (`wire_models`), the reference for what an answer means.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..contract.args import SHAPES, ArtifactSpecArgs, RuntimeArgs
from ..contract.declared import fields_of, is_literal, shape_name
from .records import Record
from .settings import OLDER


def _lenient(value_type: Any) -> Any:
    """A literal is any string on the wire, and a shape is its record."""
    if is_literal(value_type):
        return str
    if typing.get_origin(value_type) is list:
        (item,) = typing.get_args(value_type)
        return list[_lenient(item)]  # type: ignore[misc]
    if isinstance(value_type, type) and dataclasses.is_dataclass(value_type):
        return SHAPE_RECORDS[value_type]
    return value_type


def _shape_record(shape: type) -> type[Record]:
    """The record of a nested shape: its declared fields, each of them optional."""
    declared = fields_of(shape)
    name = shape_name(shape)
    body: dict[str, Any] = {
        "__annotations__": {d.name: _lenient(d.type) | None for d in declared},
        "__module__": __name__,
        "__qualname__": name,
        **{d.name: None for d in declared},
    }
    return type(name, (Record,), body)


SHAPE_RECORDS: dict[type, type[Record]] = {}
for _shape in SHAPES:
    SHAPE_RECORDS[_shape] = _shape_record(_shape)

# The nested shapes, derived from their one declaration (`args`). mypy sees their base.
if TYPE_CHECKING:
    ArtifactSpec = Record
    Runtime = Record
else:
    ArtifactSpec = SHAPE_RECORDS[ArtifactSpecArgs]
    Runtime = SHAPE_RECORDS[RuntimeArgs]


class Answered(Record):
    """An object as a dialect's adapter parsed it: `dialect` is not on the wire, the
    adapter that read the answer sets it (`api.WorkloadApi.parse_artifact`...).

    Records are frozen (answers are facts) and keyword-only (a subclass's required
    fields follow `dialect`, which has a default): `records.Record`."""

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


class Repository(Record):
    """An artifact repository (current dialect): the versions of one artifact."""

    id: str
    name: str | None = None
    last_version_number: int | None = None
    num_artifacts: int | None = None


class StatusDetails(Record):
    message: str | None = None
    log_tail: list[str] | None = None


class Replacement(Record):
    """A rolling replacement of a workload (current dialect): running, done or failed."""

    id: str | None = None
    status: str | None = None
    candidate_artifact_id: str | None = None
    message: str | None = None


class ActiveArtifact(Record):
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


class Deployment(Record):
    id: str
    name: str
    workload_id: str
    description: str | None = None
    importance: str | None = None
    status: str | None = None
    endpoint: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class DeploymentStats(Record):
    deployment_id: str
    period: dict[str, Any] | None = None
    metrics: dict[str, Any] | None = None


class Page(Record):
    count: int = 0
    next: str | None = None
    previous: str | None = None
    data: list[dict[str, Any]] = field(default_factory=list)
    total_count: int | None = None
