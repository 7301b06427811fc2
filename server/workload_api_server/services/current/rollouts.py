"""Rolling replacements: requesting one (POST /replacement, PATCH /settings), moving it
along on reads (`advance`), canceling it (DELETE /replacement, stop), and promotion.

The schedule is `domain.rollout`'s; this module applies its side effects: the runtime
starts, checks and switches to the candidate, and the workload row takes the candidate's
artifact, runtime and spec at the switch, keeping its ID and endpoint."""

from __future__ import annotations

import dataclasses
from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.current_rules import replicas, runtime_errors, stored_runtime
from workload_api_server.domain.ids import new_id
from workload_api_server.domain.rollout import Rollout
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.runtime.base import RunTarget
from workload_api_server.schemas.current.workloads import (
    CurrentReplacementCreate,
    CurrentRolloutConfig,
    CurrentRuntime,
    CurrentSettingsPatch,
)
from workload_api_server.services.current import artifacts as artifact_service
from workload_api_server.store import artifacts as artifact_store
from workload_api_server.store import replacements as history_store
from workload_api_server.store import workloads as store
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.store.workloads import WorkloadRecord
from workload_api_server.web.body import RequestBody, strip_nulls
from workload_api_server.web.context import Session
from workload_api_server.web.errors import Conflict, NotFound, Unprocessable

# Lines of a failed candidate's output quoted in the replacement's message.
_LOG_LINES = 5


def current(record: WorkloadRecord) -> Rollout | None:
    """The workload's replacement record, active or settled but not yet cleared."""
    return Rollout.from_document(record.replacement) if record.replacement else None


def candidate_target(rollout: Rollout) -> RunTarget:
    """What the candidate runs."""
    return RunTarget(
        workload_id=rollout.workload_id,
        generation=rollout.candidate_generation,
        spec=rollout.candidate_spec,
        replica_count=replicas(rollout.candidate_runtime),
    )


def _save(session: Session, record: WorkloadRecord, rollout: Rollout | None) -> WorkloadRecord:
    updated = dataclasses.replace(
        record, replacement=rollout.to_document() if rollout is not None else None
    )
    store.save(session.conn, updated)
    return updated


def _settle(session: Session, rollout: Rollout, status: str, message: str | None) -> None:
    rollout.status = status  # type: ignore[assignment]
    rollout.message = message
    rollout.settled_at = rollout.settled_at or session.now
    rollout.updated_at = to_iso(session.now)
    history_store.append(session.conn, rollout.workload_id, rollout.to_document())


def advance(session: Session, record: WorkloadRecord) -> WorkloadRecord:
    """Move the replacement on to where time and the runtime put it; persist changes."""
    rollout = current(record)
    if rollout is None:
        return record
    before = rollout.to_document()
    now = session.now
    if rollout.status in ("submitted", "initializing"):
        record = _starting(session, record, rollout)
    switch_at = _switch_time(rollout)
    if rollout.status == "switching" and switch_at is not None and now >= switch_at:
        record = _switch(session, record, rollout)
    if rollout.status == "cleaning_up" and rollout.switched_at is not None:
        drained_at = rollout.switched_at + rollout.keep_old_seconds
        if now >= drained_at:
            rollout.settled_at = drained_at
            _settle(session, rollout, "completed", None)
    linger = session.settings.replacement_linger_seconds
    settled = rollout.settled_at
    clears = rollout.status == "completed" or (
        rollout.status == "errored" and session.variants.errored_replacements_clear
    )
    if clears and settled is not None and now >= settled + linger:
        return _save(session, record, None)
    if rollout.to_document() != before:
        return _save(session, record, rollout)
    return record


def _switch_time(rollout: Rollout) -> float | None:
    return None if rollout.ready_at is None else rollout.ready_at + rollout.warmup_seconds


def _starting(session: Session, record: WorkloadRecord, rollout: Rollout) -> WorkloadRecord:
    """Submitted, then the candidate starts; it must be ready (and a step old) to go on."""
    now = session.now
    if now < rollout.since + rollout.step:
        return record
    rollout.status = "initializing"
    if rollout.fail_with is not None:
        session.tx.after_commit(lambda: session.runtime.drop_candidate(rollout.workload_id))
        _settle(session, rollout, "errored", rollout.fail_with)
        return record
    earliest = rollout.since + 2 * rollout.step
    observation = session.runtime.observe_candidate(
        candidate_target(rollout), check_readiness=now >= earliest
    )
    if observation.state == "exited":
        rollout.log_tail = list(observation.log_tail)
        session.tx.after_commit(lambda: session.runtime.drop_candidate(rollout.workload_id))
        message = f"The candidate failed: {observation.message}"
        last_lines = [line for line in observation.log_tail if line.strip()][-_LOG_LINES:]
        if last_lines:
            message = f"{message} Its last output: {' | '.join(last_lines)}"
        _settle(session, rollout, "errored", message)
        return record
    if observation.state != "ready" or now < earliest:
        rollout.last_not_ready = now if now >= earliest else rollout.last_not_ready
        return record
    rollout.status = "switching"
    rollout.ready_at = max(earliest, rollout.last_not_ready or earliest)
    return record


def _switch(session: Session, record: WorkloadRecord, rollout: Rollout) -> WorkloadRecord:
    """Traffic to the candidate: the workload takes its artifact, runtime and spec."""
    assert rollout.ready_at is not None
    rollout.switched_at = rollout.ready_at + rollout.warmup_seconds
    rollout.status = "cleaning_up"
    rollout.updated_at = to_iso(session.now)
    switched = dataclasses.replace(
        record,
        artifact_id=rollout.candidate_artifact_id,
        runtime=rollout.candidate_runtime,
        captured_spec=rollout.candidate_spec,
        generation=rollout.candidate_generation,
        updated_at=to_iso(session.now),
    )
    drain_after = max(0.0, rollout.switched_at + rollout.keep_old_seconds - session.now)
    # In the transaction, not after it: a read right after the commit must find the
    # runtime already serving the candidate (the switch only moves in-memory handles).
    session.runtime.switch(record.id, rollout.candidate_generation, drain_after)
    return switched


def _refuse_if_active(rollout: Rollout | None) -> None:
    if rollout is not None and rollout.active:
        raise Conflict(f"A replacement is in progress ({rollout.status}); wait or delete it.")


def begin(
    session: Session,
    record: WorkloadRecord,
    artifact: ArtifactRecord,
    runtime: dict[str, Any],
    config: CurrentRolloutConfig,
    origin: str,
    status: str,
) -> Rollout:
    """Record a new replacement; a workload that serves nothing switches at once."""
    now = to_iso(session.now)
    rollout = Rollout(
        id=new_id(),
        workload_id=record.id,
        name=f"replacement of {record.name}",
        candidate_artifact_id=artifact.id,
        previous_artifact_id=record.artifact_id,
        candidate_spec=artifact.spec,
        candidate_runtime=runtime,
        candidate_generation=record.generation + 1,
        previous_generation=record.generation,
        warmup_minutes=config.warmup_duration_minutes,
        keep_old_minutes=config.keep_old_version_minutes,
        since=session.now,
        step=session.step_seconds,
        minute_seconds=session.settings.rollout_minute_seconds,
        created_at=now,
        updated_at=now,
        origin=origin,  # type: ignore[arg-type]
        fail_with=session.rollout_faults.take(record.id),
    )
    if status in ("stopping", "stopped", "errored", "terminated") and rollout.fail_with is None:
        # Nothing serves, so nothing to roll: the next start runs the candidate.
        rollout.ready_at = rollout.since
        rollout.warmup_minutes = rollout.keep_old_minutes = 0
        switched = _switch(session, record, rollout)
        rollout.settled_at = session.now
        _settle(session, rollout, "completed", None)
        _save(session, switched, rollout)
        return rollout
    _save(session, record, rollout)
    target = candidate_target(rollout)
    session.tx.after_commit(lambda: session.runtime.launch_candidate(target))
    return rollout


def request(session: Session, record: WorkloadRecord, status: str, body: RequestBody) -> Rollout:
    """POST /replacement: onto another artifact of the same status (draft or locked)."""
    data = strip_nulls(body.json_object())
    _refuse_if_active(current(record))
    wanted = validate(CurrentReplacementCreate, data)
    artifact = artifact_service.require(session, wanted.artifact_id)
    serving = artifact_store.fetch(session.conn, record.owner, record.artifact_id, "current")
    if serving is not None and serving.status != artifact.status:
        raise Conflict("A replacement swaps draft for draft or locked for locked, not across.")
    users = store.ids_using_artifact(session.conn, artifact.id)
    if artifact.status == "draft" and any(user != record.id for user in users):
        raise Conflict("This draft artifact already backs another workload.")
    runtime_document = record.runtime
    if wanted.runtime is not None:
        raise_if_any(runtime_errors(wanted.runtime, artifact.spec, "runtime"))
        runtime_document = stored_runtime(wanted.runtime)
    else:
        raise_if_any(
            runtime_errors(CurrentRuntime.model_validate(record.runtime), artifact.spec, "runtime")
        )
    config = wanted.config or CurrentRolloutConfig()
    return begin(session, record, artifact, runtime_document, config, "replacement", status)


def change_settings(
    session: Session, record: WorkloadRecord, status: str, body: RequestBody
) -> Rollout:
    """PATCH /settings: the new runtime rolls onto the current artifact, default timing."""
    data = strip_nulls(body.json_object())
    _refuse_if_active(current(record))
    wanted = validate(CurrentSettingsPatch, data)
    artifact = artifact_store.fetch(session.conn, record.owner, record.artifact_id, "current")
    if artifact is None:
        raise Conflict("The workload's artifact no longer exists.")
    raise_if_any(runtime_errors(wanted.runtime, artifact.spec, "runtime"))
    runtime_document = stored_runtime(wanted.runtime)
    return begin(
        session, record, artifact, runtime_document, CurrentRolloutConfig(), "settings", status
    )


def cancel(session: Session, record: WorkloadRecord, message: str) -> WorkloadRecord:
    """End an active replacement before its switch (errored, with `message`); after the
    switch, drain the previous version now and complete. Settled ones are left alone."""
    rollout = current(record)
    if rollout is None or not rollout.active:
        return record
    if rollout.status == "cleaning_up":
        session.tx.after_commit(lambda: session.runtime.drain_now(record.id))
        rollout.keep_old_minutes = 0
        rollout.settled_at = session.now
        _settle(session, rollout, "completed", None)
        return _save(session, record, rollout)
    session.tx.after_commit(lambda: session.runtime.drop_candidate(record.id))
    _settle(session, rollout, "errored", message)
    return _save(session, record, rollout)


def delete(session: Session, record: WorkloadRecord) -> Rollout:
    """DELETE /replacement: cancel an active one, or clear a settled one; the history
    keeps it, marked deleted."""
    rollout = current(record)
    if rollout is None:
        raise NotFound("No replacement for this workload.")
    record = cancel(session, record, "Canceled by request.")
    settled = current(record)
    assert settled is not None
    document = settled.to_document()
    history_store.append(
        session.conn, record.id, {**document, "deleted_at": session.now, "is_deleted": True}
    )
    _save(session, record, None)
    return settled


def history(session: Session, record: WorkloadRecord) -> list[dict[str, Any]]:
    """Settled replacements and promotions, oldest first."""
    return history_store.history(session.conn, record.id)


def promote(session: Session, record: WorkloadRecord, status: str) -> WorkloadRecord:
    """Lock the running draft in place: version assigned, time limit gone, no restart."""
    artifact = artifact_store.fetch(session.conn, record.owner, record.artifact_id, "current")
    if artifact is None or artifact.status != "draft":
        raise Unprocessable({"artifactId": "only a workload on a draft artifact is promoted"})
    if status != "running":
        raise Unprocessable({"status": f"only a running workload is promoted, not {status}"})
    rollout = current(record)
    if rollout is not None and rollout.active:
        raise Unprocessable({"replacement": "a replacement is in progress"})
    locked = artifact_service.lock(session, artifact)
    now = to_iso(session.now)
    entry = Rollout(
        id=new_id(),
        workload_id=record.id,
        name=f"promotion of {record.name}",
        candidate_artifact_id=locked.id,
        previous_artifact_id=locked.id,
        candidate_spec=record.captured_spec,
        candidate_runtime=record.runtime,
        candidate_generation=record.generation,
        previous_generation=record.generation,
        warmup_minutes=0,
        keep_old_minutes=0,
        since=session.now,
        step=0,
        minute_seconds=session.settings.rollout_minute_seconds,
        created_at=now,
        updated_at=now,
        origin="promote",
        switched_at=session.now,
    )
    _settle(session, entry, "completed", f"Promoted: artifact locked as version {locked.version}.")
    updated = dataclasses.replace(record, updated_at=now)
    store.save(session.conn, updated)
    return updated
