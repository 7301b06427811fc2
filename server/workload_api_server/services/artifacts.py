"""Artifact rules: draft versus registered, versions, and what PUT and PATCH may change."""

from __future__ import annotations

import dataclasses
from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.rules import normalized_spec, spec_errors
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.schemas.artifacts import (
    ArtifactPatch,
    ArtifactReplace,
    InputArtifact,
)
from workload_api_server.services.artifact_records import (
    new_draft,
    save_definition,
    save_if_changed,
)
from workload_api_server.services.found import require_found
from workload_api_server.store import artifacts as store
from workload_api_server.store import workloads as workload_store
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.web.body import RequestBody, strip_nulls
from workload_api_server.web.context import Session
from workload_api_server.web.errors import Conflict

# Fields PATCH never changes. On a registered artifact they would change what is locked
# (409); on a draft they belong to PUT (422).
_NOT_PATCHABLE = ("spec", "type")


def require(session: Session, artifact_id: str) -> ArtifactRecord:
    """The caller's live artifact, or 404 (also for a malformed ID)."""
    return require_found(session, artifact_id, store.fetch, "Artifact")


def list_all(session: Session) -> list[ArtifactRecord]:
    """The caller's live artifacts in creation order."""
    return store.fetch_all(session.conn, session.owner)


def _registered(session: Session, record: ArtifactRecord) -> ArtifactRecord:
    """Versions count per owner and name across every registration ever (deleted too)."""
    version = store.highest_version(session.conn, session.owner, record.name) + 1
    return dataclasses.replace(
        record,
        status="registered",
        version=version,
        registered_name=record.name,
        registered_at=to_iso(session.now),
    )


def insert_validated(session: Session, artifact: InputArtifact) -> ArtifactRecord:
    """Store an artifact whose body already passed validation and rules."""
    record = new_draft(session, artifact, normalized_spec(artifact.spec))
    if artifact.status == "registered":
        record = _registered(session, record)
    return store.insert(session.conn, record)


def create(session: Session, body: RequestBody) -> ArtifactRecord:
    """POST: a draft unless the body asks for `registered`."""
    data = strip_nulls(body.json_object())
    artifact = validate(InputArtifact, data)
    raise_if_any(spec_errors(artifact.spec, "spec"))
    return insert_validated(session, artifact)


def replace(session: Session, artifact_id: str, body: RequestBody) -> ArtifactRecord:
    """PUT: a draft's name, description, type and spec; a registered artifact is locked."""
    record = require(session, artifact_id)
    raw = body.json_object()
    if record.status == "registered":
        raise Conflict("A registered artifact cannot be replaced; create a new artifact.")
    data = strip_nulls(raw)
    extra: dict[str, str] = {}
    if "status" in data:
        extra["status"] = "not allowed in PUT; register with PATCH"
        del data["status"]
    replacement = validate(ArtifactReplace, data, extra_errors=extra)
    raise_if_any(spec_errors(replacement.spec, "spec"))
    return save_definition(session, record, replacement, normalized_spec(replacement.spec))


def patch(session: Session, artifact_id: str, body: RequestBody) -> ArtifactRecord:
    """PATCH: metadata and the one-way registration; state rules come before values."""
    record = require(session, artifact_id)
    raw = body.json_object()
    clears_description = "description" in raw and raw["description"] is None
    nulls_name = "name" in raw and raw["name"] is None
    data: dict[str, Any] = strip_nulls(raw)
    if record.status == "registered":
        locked = [field for field in _NOT_PATCHABLE if field in data]
        if locked:
            raise Conflict(f"A registered artifact is locked: '{locked[0]}' cannot change.")
        if data.get("status") == "draft":
            raise Conflict("Registration is one way: a registered artifact stays registered.")
    extra: dict[str, str] = {}
    if nulls_name:
        extra["name"] = "must not be null"
    for field in _NOT_PATCHABLE:
        if field in data:
            extra[field] = "cannot change with PATCH; use PUT"
            del data[field]
    changes = validate(ArtifactPatch, data, extra_errors=extra)
    updated = record
    if changes.name is not None:
        updated = dataclasses.replace(updated, name=changes.name)
    if changes.description is not None or clears_description:
        updated = dataclasses.replace(updated, description=changes.description)
    if changes.status == "registered" and record.status == "draft":
        updated = _registered(session, updated)
    return save_if_changed(session, record, updated)


def delete(session: Session, artifact_id: str) -> None:
    """Soft delete, refused while a live workload uses the artifact."""
    record = require(session, artifact_id)
    if workload_store.count_using_artifact(session.conn, record.id):
        raise Conflict("The artifact is used by a workload; delete the workload first.")
    store.mark_deleted(session.conn, record.id, to_iso(session.now))
