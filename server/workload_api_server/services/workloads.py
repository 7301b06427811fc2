"""Workload rules: creation from an artifact, the start/stop lifecycle, and deletion.

Status is derived on every read (see `domain.lifecycle`). A runtime observation can turn a
starting workload into `errored` (its process exited); that is persisted at once, because
`errored` is sticky until a start, but it is not an API write and leaves `updatedAt` alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workload_api_server.domain.ids import is_id
from workload_api_server.domain.lifecycle import STARTABLE, STOPPABLE, Status, scheduled_status
from workload_api_server.domain.rules import runtime_errors, spec_errors
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.runtime.base import RunTarget
from workload_api_server.schemas.workloads import WorkloadCreate, WorkloadRuntime
from workload_api_server.services import artifacts as artifact_service
from workload_api_server.services import workload_moves as moves
from workload_api_server.services.found import require_found
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
    return require_found(session, workload_id, store.fetch, "Workload")


def run_target(record: WorkloadRecord) -> RunTarget:
    """What the runtime runs: the spec captured at the last accepted start."""
    return moves.run_target(record, int(record.runtime["replicaCount"]))


def state_of(session: Session, record: WorkloadRecord) -> WorkloadState:
    """The status now: the schedule, corrected by what the runtime observes."""
    scheduled = scheduled_status(record.phase, record.phase_since, record.phase_step, session.now)
    if record.phase != "starting":
        return WorkloadState(record, scheduled, record.status_details)
    observation = session.runtime.observe(
        run_target(record), check_readiness=scheduled == "running"
    )
    if observation.state == "exited":
        errored, details = moves.exited(session, record, observation)
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
    record = moves.insert_started(
        session,
        run_target,
        name=request.name or None,
        artifact=artifact,
        runtime=runtime.model_dump(mode="json"),
    )
    return WorkloadState(record, "submitted", None)


def start(session: Session, workload_id: str) -> WorkloadState:
    """From stopped or errored back to submitted, capturing the artifact's spec anew."""
    state = state_of(session, require(session, workload_id))
    if state.status not in STARTABLE:
        raise Conflict(f"A {state.status} workload cannot be started; stop it first.")
    record = state.record
    artifact = artifact_store.fetch(session.conn, record.owner, record.artifact_id)
    started = moves.start_again(session, record, artifact, run_target)
    return WorkloadState(started, "submitted", None)


def stop(session: Session, workload_id: str) -> WorkloadState:
    """To stopping then stopped; a no-op when already on the way, 409 when errored."""
    state = state_of(session, require(session, workload_id))
    if state.status == "errored":
        raise Conflict("An errored workload cannot be stopped; start it again instead.")
    if state.status not in STOPPABLE:
        return state
    stopped = moves.begin_stop(session, state.record)
    return WorkloadState(stopped, "stopping", None)


def delete(session: Session, workload_id: str) -> None:
    """Soft delete, refused while a live deployment points at the workload."""
    record = require(session, workload_id)
    if deployment_store.count_for_workload(session.conn, record.id):
        raise Conflict("A deployment uses this workload; delete the deployment first.")
    moves.delete(session, record)


def force_error(
    session: Session, workload_id: str, message: str, log_tail: list[str]
) -> WorkloadState:
    """Test control: errored as if the workload had failed (not an API write)."""
    record = store.fetch_any_owner(session.conn, workload_id) if is_id(workload_id) else None
    if record is None:
        raise NotFound("Workload not found.")
    errored, details = moves.mark_errored(session, record, message, log_tail)
    session.tx.after_commit(lambda: session.runtime.halt(record.id))
    return WorkloadState(errored, "errored", details)
