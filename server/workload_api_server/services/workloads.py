"""Workload rules: creation from an artifact, the start/stop lifecycle, and deletion.

Status is derived on every read (see `domain.lifecycle`). A runtime observation can turn a
starting workload into `errored` (its process exited); that is persisted at once, because
`errored` is sticky until a start, but it is not an API write and leaves `updatedAt` alone.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.ids import is_id, new_id
from workload_api_server.domain.lifecycle import STARTABLE, STOPPABLE, Status, scheduled_status
from workload_api_server.domain.rules import runtime_errors, spec_errors
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.runtime.base import RunTarget
from workload_api_server.schemas.workloads import WorkloadCreate, WorkloadRuntime
from workload_api_server.services import artifacts as artifact_service
from workload_api_server.store import artifacts as artifact_store
from workload_api_server.store import deployments as deployment_store
from workload_api_server.store import workloads as store
from workload_api_server.store.workloads import WorkloadRecord
from workload_api_server.web.body import RequestBody, strip_nulls
from workload_api_server.web.context import Session
from workload_api_server.web.errors import Conflict, NotFound


@dataclass(frozen=True)
class WorkloadState:
    """A workload with the status it has at the session's `now`."""

    record: WorkloadRecord
    status: Status
    details: dict[str, Any] | None


def require(session: Session, workload_id: str) -> WorkloadRecord:
    """The caller's live workload, or 404 (also for a malformed ID)."""
    record = store.fetch(session.conn, session.owner, workload_id) if is_id(workload_id) else None
    if record is None:
        raise NotFound("Workload not found.")
    return record


def run_target(record: WorkloadRecord) -> RunTarget:
    """What the runtime runs: the spec captured at the last accepted start."""
    return RunTarget(
        workload_id=record.id,
        generation=record.generation,
        spec=record.captured_spec,
        replica_count=int(record.runtime["replicaCount"]),
    )


def state_of(session: Session, record: WorkloadRecord) -> WorkloadState:
    """The status now: the schedule, corrected by what the runtime observes."""
    scheduled = scheduled_status(record.phase, record.phase_since, record.phase_step, session.now)
    if record.phase != "starting":
        return WorkloadState(record, scheduled, record.status_details)
    observation = session.runtime.observe(
        run_target(record), check_readiness=scheduled == "running"
    )
    if observation.state == "exited":
        details = {"message": observation.message, "logTail": list(observation.log_tail)}
        errored = dataclasses.replace(record, phase="errored", status_details=details)
        store.save(session.conn, errored)
        return WorkloadState(errored, "errored", details)
    if scheduled == "running" and observation.state != "ready":
        return WorkloadState(record, "initializing", None)
    return WorkloadState(record, scheduled, None)


def list_all(session: Session) -> list[WorkloadRecord]:
    """The caller's live workloads in creation order."""
    return store.fetch_all(session.conn, session.owner)


def create(session: Session, body: RequestBody) -> WorkloadState:
    """POST: from an existing artifact or an inline one (created as a draft first)."""
    data = strip_nulls(body.json_object())
    request = validate(WorkloadCreate, data)
    errors: dict[str, str] = {}
    if request.artifact_id is None and request.artifact is None:
        errors["artifactId"] = "either artifactId or artifact is required"
    if request.artifact_id is not None and request.artifact is not None:
        errors["artifact"] = "give either artifactId or artifact, not both"
    if request.artifact is not None:
        if request.artifact.status != "draft":
            errors["artifact.status"] = "an inline artifact is created as a draft"
        errors.update(spec_errors(request.artifact.spec, "artifact.spec"))
    runtime = request.runtime or WorkloadRuntime()
    errors.update(runtime_errors(runtime, "runtime"))
    artifact = None
    if request.artifact_id is not None and request.artifact is None:
        if is_id(request.artifact_id):
            artifact = artifact_store.fetch(session.conn, session.owner, request.artifact_id)
        if artifact is None:
            errors["artifactId"] = "no such artifact"
    raise_if_any(errors)
    if artifact is None:
        assert request.artifact is not None
        artifact = artifact_service.insert_validated(session, request.artifact)
    workload_id = new_id()
    now = to_iso(session.now)
    record = store.insert(
        session.conn,
        WorkloadRecord(
            seq=0,
            id=workload_id,
            owner=session.owner,
            name=request.name or f"workload-{workload_id[:8]}",
            artifact_id=artifact.id,
            runtime=runtime.model_dump(mode="json"),
            phase="starting",
            phase_since=session.now,
            phase_step=session.step_seconds,
            generation=1,
            status_details=None,
            captured_spec=artifact.spec,
            created_at=now,
            updated_at=now,
        ),
    )
    target = run_target(record)
    session.tx.after_commit(lambda: session.runtime.launch(target))
    return WorkloadState(record, "submitted", None)


def start(session: Session, workload_id: str) -> WorkloadState:
    """From stopped or errored back to submitted, capturing the artifact's spec anew."""
    state = state_of(session, require(session, workload_id))
    if state.status not in STARTABLE:
        raise Conflict(f"A {state.status} workload cannot be started; stop it first.")
    record = state.record
    artifact = artifact_store.fetch(session.conn, record.owner, record.artifact_id)
    started = dataclasses.replace(
        record,
        phase="starting",
        phase_since=session.now,
        phase_step=session.step_seconds,
        generation=record.generation + 1,
        status_details=None,
        captured_spec=artifact.spec if artifact is not None else record.captured_spec,
        updated_at=to_iso(session.now),
    )
    store.save(session.conn, started)
    target = run_target(started)
    session.tx.after_commit(lambda: session.runtime.launch(target))
    return WorkloadState(started, "submitted", None)


def stop(session: Session, workload_id: str) -> WorkloadState:
    """To stopping then stopped; a no-op when already on the way, 409 when errored."""
    state = state_of(session, require(session, workload_id))
    if state.status == "errored":
        raise Conflict("An errored workload cannot be stopped; start it again instead.")
    if state.status not in STOPPABLE:
        return state
    stopped = dataclasses.replace(
        state.record,
        phase="stopping",
        phase_since=session.now,
        phase_step=session.step_seconds,
        updated_at=to_iso(session.now),
    )
    store.save(session.conn, stopped)
    session.tx.after_commit(lambda: session.runtime.halt(stopped.id))
    return WorkloadState(stopped, "stopping", None)


def delete(session: Session, workload_id: str) -> None:
    """Soft delete, refused while a live deployment points at the workload."""
    record = require(session, workload_id)
    if deployment_store.count_for_workload(session.conn, record.id):
        raise Conflict("A deployment uses this workload; delete the deployment first.")
    store.mark_deleted(session.conn, record.id, to_iso(session.now))
    session.tx.after_commit(lambda: session.runtime.halt(record.id))


def force_error(
    session: Session, workload_id: str, message: str, log_tail: list[str]
) -> WorkloadState:
    """Test control: errored as if the workload had failed (not an API write)."""
    record = store.fetch_any_owner(session.conn, workload_id) if is_id(workload_id) else None
    if record is None:
        raise NotFound("Workload not found.")
    details = {"message": message, "logTail": log_tail}
    errored = dataclasses.replace(record, phase="errored", status_details=details)
    store.save(session.conn, errored)
    session.tx.after_commit(lambda: session.runtime.halt(record.id))
    return WorkloadState(errored, "errored", details)
