"""The workload lifecycle moves both dialects make alike, each written once here.

A dialect decides whether a move is allowed and how the result reads; the record it then
writes is the same: a new workload or a start begins `starting` with the session's step
and launches after commit, a stop begins `stopping` and halts after commit, an exited
process makes the workload `errored` (persisted, not an API write), a delete is soft and
halts what runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.ids import new_id
from workload_api_server.runtime.base import Observation, RunTarget
from workload_api_server.store import workloads as store
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.store.workloads import WorkloadRecord
from workload_api_server.web.context import Session

# What the runtime runs for a record; the dialects count replicas differently.
Target = Callable[[WorkloadRecord], RunTarget]


def run_target(record: WorkloadRecord, replica_count: int) -> RunTarget:
    """The spec captured at the last accepted start (or switch), with its replicas."""
    return RunTarget(
        workload_id=record.id,
        generation=record.generation,
        spec=record.captured_spec,
        replica_count=replica_count,
    )


def insert_started(
    session: Session,
    target: Target,
    *,
    name: str | None,
    artifact: ArtifactRecord,
    runtime: dict[str, Any],
    **dialect_fields: Any,
) -> WorkloadRecord:
    """A new workload on `artifact`, starting now; without a name (None) it is named after
    its ID."""
    workload_id = new_id()
    now = to_iso(session.now)
    record = store.insert(
        session.conn,
        WorkloadRecord(
            seq=0,
            id=workload_id,
            owner=session.owner,
            name=name if name is not None else f"workload-{workload_id[:8]}",
            artifact_id=artifact.id,
            runtime=runtime,
            phase="starting",
            phase_since=session.now,
            phase_step=session.step_seconds,
            generation=1,
            status_details=None,
            captured_spec=artifact.spec,
            created_at=now,
            updated_at=now,
            **dialect_fields,
        ),
    )
    _launch_after_commit(session, target(record))
    return record


def start_again(
    session: Session, record: WorkloadRecord, artifact: ArtifactRecord | None, target: Target
) -> WorkloadRecord:
    """A new generation, starting now, on the artifact's spec as it is now."""
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
    _launch_after_commit(session, target(started))
    return started


def begin_stop(session: Session, record: WorkloadRecord, **changes: Any) -> WorkloadRecord:
    """`stopping` from now; what runs is halted once the stop is committed."""
    stopped = dataclasses.replace(
        record,
        phase="stopping",
        phase_since=session.now,
        phase_step=session.step_seconds,
        updated_at=to_iso(session.now),
        **changes,
    )
    store.save(session.conn, stopped)
    session.tx.after_commit(lambda: session.runtime.halt(stopped.id))
    return stopped


def mark_errored(
    session: Session, record: WorkloadRecord, message: str, log_tail: list[str]
) -> tuple[WorkloadRecord, dict[str, Any]]:
    """`errored`, with why, persisted at once (sticky until a start; not an API write, so
    `updatedAt` stays); the record and its status details."""
    details = {"message": message, "logTail": log_tail}
    errored = dataclasses.replace(record, phase="errored", status_details=details)
    store.save(session.conn, errored)
    return errored, details


def exited(
    session: Session, record: WorkloadRecord, observation: Observation
) -> tuple[WorkloadRecord, dict[str, Any]]:
    """`mark_errored` with what the runtime saw of the process that exited."""
    return mark_errored(session, record, observation.message, list(observation.log_tail))


def delete(session: Session, record: WorkloadRecord) -> None:
    """Soft delete from now on; what runs is halted once the delete is committed."""
    store.mark_deleted(session.conn, record.id, to_iso(session.now))
    session.tx.after_commit(lambda: session.runtime.halt(record.id))


def _launch_after_commit(session: Session, target: RunTarget) -> None:
    session.tx.after_commit(lambda: session.runtime.launch(target))
