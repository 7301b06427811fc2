"""Workload rows, including the lifecycle facts a status is derived from."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from workload_api_server.domain.dialects import Dialect
from workload_api_server.domain.lifecycle import Phase


@dataclass(frozen=True)
class WorkloadRecord:
    """A live workload.

    The status is not stored: `phase`, `phase_since` and `phase_step` record the last
    accepted action and the step length in force then, and the status follows from them
    and the clock. `generation` counts accepted starts (and switched replacements), so a
    process belongs to one of them. `replacement` is the current dialect's replacement in
    progress, or its last failure (see `domain.rollout`); the older dialect never has one.
    """

    seq: int
    id: str
    owner: str
    name: str
    artifact_id: str
    runtime: dict[str, Any]
    phase: Phase
    phase_since: float
    phase_step: float
    generation: int
    status_details: dict[str, Any] | None
    captured_spec: dict[str, Any]
    created_at: str
    updated_at: str
    dialect: Dialect = "older"
    description: str | None = None
    importance: str = "low"
    replacement: dict[str, Any] | None = None


def _from_row(row: sqlite3.Row) -> WorkloadRecord:
    details = row["status_details"]
    return WorkloadRecord(
        seq=row["seq"],
        id=row["id"],
        owner=row["owner"],
        name=row["name"],
        artifact_id=row["artifact_id"],
        runtime=json.loads(row["runtime"]),
        phase=row["phase"],
        phase_since=row["phase_since"],
        phase_step=row["phase_step"],
        generation=row["generation"],
        status_details=json.loads(details) if details is not None else None,
        captured_spec=json.loads(row["captured_spec"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        dialect=row["dialect"],
        description=row["description"],
        importance=row["importance"],
        replacement=_loads(row["replacement"]),
    )


def _loads(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text is not None else None


def _details_text(details: dict[str, Any] | None) -> str | None:
    return json.dumps(details) if details is not None else None


def insert(conn: sqlite3.Connection, record: WorkloadRecord) -> WorkloadRecord:
    """The returned record carries the creation sequence used to break sort ties."""
    conn.execute(
        "INSERT INTO workloads (id, owner, name, artifact_id, runtime, phase, phase_since,"
        " phase_step, generation, status_details, captured_spec, created_at, updated_at,"
        " dialect, description, importance, replacement)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            record.owner,
            record.name,
            record.artifact_id,
            json.dumps(record.runtime),
            record.phase,
            record.phase_since,
            record.phase_step,
            record.generation,
            _details_text(record.status_details),
            json.dumps(record.captured_spec),
            record.created_at,
            record.updated_at,
            record.dialect,
            record.description,
            record.importance,
            _details_text(record.replacement),
        ),
    )
    return fetch(conn, record.owner, record.id, record.dialect) or record


def save(conn: sqlite3.Connection, record: WorkloadRecord) -> None:
    """Whole-record writes; only the current dialect changes name, artifact or runtime."""
    conn.execute(
        "UPDATE workloads SET name = ?, artifact_id = ?, runtime = ?, description = ?,"
        " importance = ?, replacement = ?, phase = ?, phase_since = ?, phase_step = ?,"
        " generation = ?, status_details = ?, captured_spec = ?, updated_at = ? WHERE id = ?",
        (
            record.name,
            record.artifact_id,
            json.dumps(record.runtime),
            record.description,
            record.importance,
            _details_text(record.replacement),
            record.phase,
            record.phase_since,
            record.phase_step,
            record.generation,
            _details_text(record.status_details),
            json.dumps(record.captured_spec),
            record.updated_at,
            record.id,
        ),
    )


def fetch(
    conn: sqlite3.Connection, owner: str, workload_id: str, dialect: Dialect | None = "older"
) -> WorkloadRecord | None:
    """Another owner's, another dialect's or a deleted workload is simply not found.

    `dialect=None` finds either dialect's (invoke serves both on one path).
    """
    row = conn.execute(
        "SELECT * FROM workloads WHERE id = ? AND owner = ? AND deleted_at IS NULL"
        " AND (? IS NULL OR dialect = ?)",
        (workload_id, owner, dialect, dialect),
    ).fetchone()
    return _from_row(row) if row else None


def fetch_any_owner(conn: sqlite3.Connection, workload_id: str) -> WorkloadRecord | None:
    """For test controls, which act without a token and so without an owner."""
    row = conn.execute(
        "SELECT * FROM workloads WHERE id = ? AND deleted_at IS NULL", (workload_id,)
    ).fetchone()
    return _from_row(row) if row else None


def fetch_all(
    conn: sqlite3.Connection, owner: str, dialect: Dialect = "older"
) -> list[WorkloadRecord]:
    """In creation order, the tie-break the list contract asks for."""
    rows = conn.execute(
        "SELECT * FROM workloads WHERE owner = ? AND dialect = ? AND deleted_at IS NULL"
        " ORDER BY seq",
        (owner, dialect),
    ).fetchall()
    return [_from_row(row) for row in rows]


def count_using_artifact(conn: sqlite3.Connection, artifact_id: str) -> int:
    """Live workloads block deleting their artifact."""
    row = conn.execute(
        "SELECT COUNT(*) FROM workloads WHERE artifact_id = ? AND deleted_at IS NULL",
        (artifact_id,),
    ).fetchone()
    return int(row[0])


def mark_deleted(conn: sqlite3.Connection, workload_id: str, at: str) -> None:
    """The row stays, so an ID is never handed out twice and history survives."""
    conn.execute("UPDATE workloads SET deleted_at = ? WHERE id = ?", (at, workload_id))


def ids_using_artifact(conn: sqlite3.Connection, artifact_id: str) -> list[str]:
    """Live workloads that run the artifact, or are being replaced onto it."""
    rows = conn.execute(
        "SELECT id FROM workloads WHERE deleted_at IS NULL AND (artifact_id = ?"
        " OR (json_extract(replacement, '$.candidate_artifact_id') = ?"
        " AND json_extract(replacement, '$.status') NOT IN ('errored', 'completed')))"
        " ORDER BY seq",
        (artifact_id, artifact_id),
    ).fetchall()
    return [str(row[0]) for row in rows]
