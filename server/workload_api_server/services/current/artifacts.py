"""Artifacts of the current dialect: drafts change freely, locking is one way and versions
count per repository; every artifact belongs to a repository, opened on demand."""

from __future__ import annotations

import dataclasses
from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.current_rules import spec_errors, stored_spec
from workload_api_server.domain.ids import new_id
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.schemas.current.artifacts import (
    CurrentArtifactClone,
    CurrentArtifactCreate,
    CurrentArtifactPatch,
    CurrentArtifactReplace,
    CurrentSpec,
)
from workload_api_server.services.artifact_records import (
    new_draft,
    save_definition,
    save_if_changed,
)
from workload_api_server.services.current import repositories
from workload_api_server.services.found import require_found
from workload_api_server.store import artifacts as store
from workload_api_server.store import repositories as repository_store
from workload_api_server.store import workloads as workload_store
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.store.repositories import RepositoryRecord
from workload_api_server.web.body import RequestBody, strip_nulls
from workload_api_server.web.context import Session
from workload_api_server.web.errors import Conflict, Forbidden, Unprocessable

# The domain keeps one word for a frozen artifact; this dialect calls it `locked`.
FROZEN = "registered"


def require(session: Session, artifact_id: str) -> ArtifactRecord:
    """The caller's live artifact of this dialect, or 404 (also for a malformed ID)."""
    return require_found(session, artifact_id, store.fetch, "Artifact", "current")


def list_all(session: Session) -> list[ArtifactRecord]:
    """The caller's live artifacts in creation order."""
    return store.fetch_all(session.conn, session.owner, "current")


def _locked(session: Session, record: ArtifactRecord) -> ArtifactRecord:
    """Version = the repository's last version + 1, which it now remembers."""
    assert record.repository_id is not None
    now = to_iso(session.now)
    version = repository_store.next_version(session.conn, record.repository_id, now)
    return dataclasses.replace(record, status=FROZEN, version=version, registered_at=now)


def insert_validated(
    session: Session, artifact: CurrentArtifactCreate, path: str = ""
) -> ArtifactRecord:
    """Store a checked body: into its repository, or a new one named after it."""
    now = to_iso(session.now)
    if artifact.artifact_repository_id is not None:
        repository = repositories.require(session, artifact.artifact_repository_id)
        if repository.type != artifact.type:
            field = f"{path}.artifactRepositoryId" if path else "artifactRepositoryId"
            raise Unprocessable({field: f"the repository holds {repository.type} artifacts"})
    else:
        repository = repository_store.insert(
            session.conn,
            RepositoryRecord(0, new_id(), session.owner, artifact.name, artifact.type, 0, now, now),
        )
    record = new_draft(
        session,
        artifact,
        stored_spec(artifact.spec),
        dialect="current",
        repository_id=repository.id,
    )
    if artifact.status == "locked":
        record = _locked(session, record)
    return store.insert(session.conn, record)


def checked(data: dict[str, Any], path: str = "") -> CurrentArtifactCreate:
    """Validate a create body (top level or inline) with its cross-field rules."""
    artifact = validate(CurrentArtifactCreate, data)
    spec_path = f"{path}.spec" if path else "spec"
    raise_if_any(spec_errors(artifact.spec, spec_path, locking=artifact.status == "locked"))
    return artifact


def create(session: Session, body: RequestBody) -> ArtifactRecord:
    """POST: a draft unless `status: locked`."""
    return insert_validated(session, checked(strip_nulls(body.json_object())))


def _refuse_if_locked(record: ArtifactRecord) -> None:
    if record.status == FROZEN:
        raise Forbidden("A locked artifact is immutable; create a new version instead.")


def replace(session: Session, artifact_id: str, body: RequestBody) -> ArtifactRecord:
    """PUT: a draft's whole definition, same ID."""
    record = require(session, artifact_id)
    data = strip_nulls(body.json_object())
    _refuse_if_locked(record)
    replacement = validate(CurrentArtifactReplace, data)
    raise_if_any(spec_errors(replacement.spec, "spec"))
    _same_type(record, replacement.type)
    return save_definition(session, record, replacement, stored_spec(replacement.spec))


def _same_type(record: ArtifactRecord, new_type: str) -> None:
    if new_type != record.type:
        raise Unprocessable({"type": "an artifact keeps the type of its repository"})


def patch(session: Session, artifact_id: str, body: RequestBody) -> ArtifactRecord:
    """PATCH: a draft's name, description and spec; `status: locked` locks it, once."""
    record = require(session, artifact_id)
    raw = body.json_object()
    _refuse_if_locked(record)
    clears_description = "description" in raw and raw["description"] is None
    extra = {"name": "must not be null"} if "name" in raw and raw["name"] is None else {}
    changes = validate(CurrentArtifactPatch, strip_nulls(raw), extra_errors=extra)
    locking = changes.status == "locked"
    spec: CurrentSpec = changes.spec or CurrentSpec.model_validate(record.spec)
    raise_if_any(spec_errors(spec, "spec", locking=locking))
    updated = record
    if changes.name is not None:
        updated = dataclasses.replace(updated, name=changes.name)
    if changes.description is not None or clears_description:
        updated = dataclasses.replace(updated, description=changes.description or "")
    if changes.spec is not None:
        updated = dataclasses.replace(updated, spec=stored_spec(changes.spec))
    if locking:
        updated = _locked(session, updated)
        if session.variants.lock_gives_new_id:
            return _locked_copy(session, updated)
    return save_if_changed(session, record, updated)


def _locked_copy(session: Session, locked: ArtifactRecord) -> ArtifactRecord:
    """The other answer to whether locking keeps the ID (a test control, decision 8): the
    locked version is a new artifact in the draft's repository; the draft stays as it was."""
    now = to_iso(session.now)
    copy = dataclasses.replace(locked, id=new_id(), created_at=now, updated_at=now)
    return store.insert(session.conn, copy)


def lock(session: Session, record: ArtifactRecord) -> ArtifactRecord:
    """Promotion locks the running draft; the same checks as `PATCH status: locked`."""
    raise_if_any(spec_errors(CurrentSpec.model_validate(record.spec), "spec", locking=True))
    return save_if_changed(session, record, _locked(session, record))


def clone(session: Session, artifact_id: str, body: RequestBody) -> ArtifactRecord:
    """A new draft with the same fields and a new name, in the source's repository."""
    record = require(session, artifact_id)
    request = validate(CurrentArtifactClone, strip_nulls(body.json_object()))
    now = to_iso(session.now)
    copy = dataclasses.replace(
        record,
        id=new_id(),
        name=request.name,
        status="draft",
        version=None,
        registered_at=None,
        created_at=now,
        updated_at=now,
    )
    return store.insert(session.conn, copy)


def delete(session: Session, artifact_id: str) -> None:
    """A draft nobody runs; a locked artifact goes only with its repository."""
    record = require(session, artifact_id)
    users = workload_store.ids_using_artifact(session.conn, record.id)
    if users:
        raise Conflict(f"The artifact is used by workloads: {', '.join(users)}.")
    if record.status == FROZEN:
        raise Conflict("A locked artifact cannot be deleted; delete its repository instead.")
    store.mark_deleted(session.conn, record.id, to_iso(session.now))
