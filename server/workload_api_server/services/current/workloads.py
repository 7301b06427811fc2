"""Workloads of the current dialect: create, read (status derived, replacement advanced,
time limit applied), metadata PATCH, start/stop with their no-op answers, delete.

The lifecycle facts are the older dialect's (phase, since, step, generation); only how
they read differs (`domain.current_lifecycle`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.current_lifecycle import (
    HALTED,
    STARTED,
    CurrentStatus,
    scheduled_current_status,
)
from workload_api_server.domain.current_rules import (
    replicas,
    runtime_errors,
    spec_errors,
    stored_runtime,
)
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.runtime.base import RunTarget
from workload_api_server.schemas.current.workloads import (
    CurrentWorkloadCreate,
    CurrentWorkloadPatch,
)
from workload_api_server.services import workload_moves as moves
from workload_api_server.services.current import artifacts as artifact_service
from workload_api_server.services.current import rollouts
from workload_api_server.services.found import require_found
from workload_api_server.store import artifacts as artifact_store
from workload_api_server.store import workloads as store
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.store.workloads import WorkloadRecord
from workload_api_server.web.body import RequestBody, strip_nulls
from workload_api_server.web.context import Session
from workload_api_server.web.errors import Conflict


@dataclass(frozen=True)
class CurrentState:
    """A workload at the session's `now`, with its active artifact."""

    record: WorkloadRecord
    status: CurrentStatus
    artifact: ArtifactRecord | None
    expires_at: float | None


def require(session: Session, workload_id: str) -> WorkloadRecord:
    """The caller's live workload of this dialect, or 404."""
    return require_found(session, workload_id, store.fetch, "Workload", "current")


def list_all(session: Session) -> list[WorkloadRecord]:
    """The caller's live workloads in creation order."""
    return store.fetch_all(session.conn, session.owner, "current")


def run_target(record: WorkloadRecord) -> RunTarget:
    """What serves: the spec captured at the last start or switch."""
    return moves.run_target(record, replicas(record.runtime))


def _artifact(session: Session, record: WorkloadRecord) -> ArtifactRecord | None:
    return artifact_store.fetch(session.conn, record.owner, record.artifact_id, "current")


def state_of(session: Session, record: WorkloadRecord) -> CurrentState:
    """The status now: time limit, replacement progress, schedule, runtime observation."""
    artifact = _artifact(session, record)
    expires = _expiry(session, record, artifact)
    if expires is not None and session.now >= expires:
        ended = dataclasses.replace(record, phase="terminated", replacement=None)
        store.save(session.conn, ended)
        session.tx.after_commit(lambda: session.runtime.halt(record.id))
        return CurrentState(ended, "terminated", artifact, None)
    record = rollouts.advance(session, record)
    if record.artifact_id != (artifact.id if artifact else None):
        artifact = _artifact(session, record)
    status = scheduled_current_status(
        record.phase, record.phase_since, record.phase_step, session.now
    )
    if record.phase == "starting" and status in ("launching", "running"):
        observation = session.runtime.observe(
            run_target(record), check_readiness=status == "running"
        )
        if observation.state == "exited":
            errored, _ = moves.exited(session, record, observation)
            return CurrentState(errored, "errored", artifact, expires)
        if status == "running" and observation.state != "ready":
            status = "launching"
    return CurrentState(record, status, artifact, expires)


def _expiry(
    session: Session, record: WorkloadRecord, artifact: ArtifactRecord | None
) -> float | None:
    """A workload on a draft ends its time limit after its last start; locked: never."""
    if artifact is None or artifact.status != "draft" or record.phase != "starting":
        return None
    return record.phase_since + session.settings.draft_ttl_seconds


def _draft_in_use(session: Session, artifact: ArtifactRecord, except_id: str | None) -> bool:
    """A draft backs at most one live workload."""
    if artifact.status != "draft":
        return False
    users = store.ids_using_artifact(session.conn, artifact.id)
    return any(user != except_id for user in users)


def create(session: Session, body: RequestBody) -> CurrentState:
    """POST: from an artifact of this dialect, or an inline one (a draft, made first)."""
    data = strip_nulls(body.json_object())
    request = validate(CurrentWorkloadCreate, data)
    errors: dict[str, str] = {}
    if (request.artifact_id is None) == (request.artifact is None):
        errors["artifactId"] = "give exactly one of artifactId and artifact"
    if request.artifact is not None:
        errors.update(spec_errors(request.artifact.spec, "artifact.spec"))
    raise_if_any(errors)
    artifact: ArtifactRecord | None = None
    if request.artifact_id is not None:
        # An unknown reference is a missing object, as for artifactRepositoryId (404).
        artifact = artifact_service.require(session, request.artifact_id)
    if artifact is not None and _draft_in_use(session, artifact, None):
        raise Conflict("This draft artifact already backs a workload; lock it or use another.")
    if artifact is None:
        assert request.artifact is not None
        artifact = artifact_service.insert_validated(session, request.artifact, "artifact")
    if request.runtime is not None:
        raise_if_any(runtime_errors(request.runtime, artifact.spec, "runtime"))
    record = moves.insert_started(
        session,
        run_target,
        name=request.name,
        artifact=artifact,
        runtime=stored_runtime(request.runtime),
        dialect="current",
        description=request.description,
        importance=request.importance,
    )
    return CurrentState(record, "submitted", artifact, _expiry(session, record, artifact))


def patch(session: Session, workload_id: str, body: RequestBody) -> CurrentState:
    """Name, description and importance; anything else is an unknown field (422)."""
    record = require(session, workload_id)
    raw = body.json_object()
    extra = {"name": "must not be null"} if "name" in raw and raw["name"] is None else {}
    changes = validate(CurrentWorkloadPatch, strip_nulls(raw), extra_errors=extra)
    updated = record
    if changes.name is not None:
        updated = dataclasses.replace(updated, name=changes.name)
    if "description" in raw:
        updated = dataclasses.replace(updated, description=changes.description or "")
    if changes.importance is not None:
        updated = dataclasses.replace(updated, importance=changes.importance)
    if updated != record:
        updated = dataclasses.replace(updated, updated_at=to_iso(session.now))
        store.save(session.conn, updated)
    return state_of(session, updated)


def start(session: Session, workload_id: str) -> tuple[CurrentState, bool]:
    """(state, whether anything happened): a no-op once started; from stopped or
    terminated a new start; otherwise 409."""
    state = state_of(session, require(session, workload_id))
    if state.status in STARTED:
        return state, False
    if state.status not in ("stopped", "terminated"):
        raise Conflict(f"A {state.status} workload cannot be started; stop it first.")
    artifact = state.artifact
    started = moves.start_again(session, state.record, artifact, run_target)
    return CurrentState(started, "submitted", artifact, _expiry(session, started, artifact)), True


def stop(session: Session, workload_id: str) -> tuple[CurrentState, bool]:
    """(state, whether anything happened): a no-op when stopping or stopped. A replacement
    in progress is canceled: its candidate ends with the rest."""
    state = state_of(session, require(session, workload_id))
    if state.status in HALTED:
        return state, False
    record = rollouts.cancel(session, state.record, "The workload was stopped.")
    stopped = moves.begin_stop(session, record, status_details=None)
    return CurrentState(stopped, "stopping", state.artifact, None), True


def delete(session: Session, workload_id: str) -> None:
    """Synchronous: ends what runs (candidates too) and answers 404 from then on."""
    moves.delete(session, require(session, workload_id))


def status_message(state: CurrentState) -> str | None:
    """Why a workload is errored or terminated."""
    if state.status == "terminated":
        return "A workload on a draft artifact ends at its time limit; promote it to keep it."
    details: dict[str, Any] | None = state.record.status_details
    return str(details["message"]) if state.status == "errored" and details else None
