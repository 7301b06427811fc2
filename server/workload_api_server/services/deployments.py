"""Deployment rules: only registered artifacts are deployed; metadata-only PATCH; stats."""

from __future__ import annotations

import dataclasses
from typing import Any

from workload_api_server.domain.clock import from_iso, to_iso
from workload_api_server.domain.ids import is_id, new_id
from workload_api_server.domain.validation import raise_if_any, validate
from workload_api_server.schemas.deployments import (
    DeploymentCreate,
    DeploymentPatch,
    DeploymentStats,
    StatsMetrics,
    StatsPeriod,
)
from workload_api_server.services.found import require_found
from workload_api_server.store import artifacts as artifact_store
from workload_api_server.store import deployments as store
from workload_api_server.store import workloads as workload_store
from workload_api_server.store.deployments import DeploymentRecord
from workload_api_server.web.body import RequestBody, strip_nulls
from workload_api_server.web.context import Session


def require(session: Session, deployment_id: str) -> DeploymentRecord:
    """The caller's live deployment, or 404 (also for a malformed ID)."""
    return require_found(session, deployment_id, store.fetch, "Deployment")


def list_all(session: Session) -> list[DeploymentRecord]:
    """The caller's live deployments in creation order."""
    return store.fetch_all(session.conn, session.owner)


def _workload_problem(session: Session, workload_id: str) -> str | None:
    workload = (
        workload_store.fetch(session.conn, session.owner, workload_id)
        if is_id(workload_id)
        else None
    )
    if workload is None:
        return "no such workload"
    artifact = artifact_store.fetch(session.conn, session.owner, workload.artifact_id)
    if artifact is None or artifact.status != "registered":
        return "the workload's artifact is a draft; only registered artifacts can be deployed"
    return None


def create(session: Session, body: RequestBody) -> DeploymentRecord:
    """POST: the workload must be the caller's and run a registered artifact."""
    data = strip_nulls(body.json_object())
    request = validate(DeploymentCreate, data)
    problem = _workload_problem(session, request.workload_id)
    raise_if_any({"workloadId": problem} if problem else {})
    now = to_iso(session.now)
    return store.insert(
        session.conn,
        DeploymentRecord(
            seq=0,
            id=new_id(),
            owner=session.owner,
            name=request.name,
            workload_id=request.workload_id,
            description=request.description,
            importance=request.importance,
            created_at=now,
            updated_at=now,
        ),
    )


def patch(session: Session, deployment_id: str, body: RequestBody) -> DeploymentRecord:
    """PATCH: name, description (null clears), importance; the workload is not metadata."""
    record = require(session, deployment_id)
    raw = body.json_object()
    clears_description = "description" in raw and raw["description"] is None
    extra: dict[str, str] = {}
    if "name" in raw and raw["name"] is None:
        extra["name"] = "must not be null"
    data: dict[str, Any] = strip_nulls(raw)
    if "workloadId" in data:
        extra["workloadId"] = "cannot change; create a new deployment instead"
        del data["workloadId"]
    changes = validate(DeploymentPatch, data, extra_errors=extra)
    updated = record
    if changes.name is not None:
        updated = dataclasses.replace(updated, name=changes.name)
    if changes.description is not None or clears_description:
        updated = dataclasses.replace(updated, description=changes.description)
    if changes.importance is not None:
        updated = dataclasses.replace(updated, importance=changes.importance)
    if updated == record:
        return record
    updated = dataclasses.replace(updated, updated_at=to_iso(session.now))
    store.save(session.conn, updated)
    return updated


def delete(session: Session, deployment_id: str) -> None:
    """Nothing depends on a deployment, so deleting it is never refused."""
    record = require(session, deployment_id)
    store.mark_deleted(session.conn, record.id, to_iso(session.now))


def stats(session: Session, deployment_id: str) -> DeploymentStats:
    """Metrics from the counters, over the period from creation until now."""
    record = require(session, deployment_id)
    total = record.total_requests
    minutes = max(0.0, session.now - from_iso(record.created_at)) / 60.0
    return DeploymentStats(
        deployment_id=record.id,
        period=StatsPeriod(start=record.created_at, end=to_iso(session.now)),
        metrics=StatsMetrics(
            total_requests=total,
            requests_per_minute=total / max(1.0, minutes),
            response_time_ms=record.total_response_ms / total if total else 0.0,
            server_errors=record.server_errors,
            user_errors=record.user_errors,
            server_error_rate=record.server_errors / total if total else 0.0,
            user_error_rate=record.user_errors / total if total else 0.0,
        ),
    )


def record_invocation(
    session: Session, deployment_id: str, status_code: int, elapsed_ms: float
) -> None:
    """Count one invoke through the deployment's endpoint."""
    store.record_invocation(session.conn, deployment_id, status_code, elapsed_ms)
