"""Deployment rows, with their invoke traffic counters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workload_api_server.schemas.deployments import Importance


@dataclass(frozen=True)
class DeploymentRecord:
    """A live deployment; the counters feed `/stats/` and are not part of `updatedAt`."""

    seq: int
    id: str
    owner: str
    name: str
    workload_id: str
    description: str | None
    importance: Importance
    created_at: str
    updated_at: str
    total_requests: int = 0
    total_response_ms: float = 0.0
    user_errors: int = 0
    server_errors: int = 0


def _from_row(row: sqlite3.Row) -> DeploymentRecord:
    return DeploymentRecord(
        seq=row["seq"],
        id=row["id"],
        owner=row["owner"],
        name=row["name"],
        workload_id=row["workload_id"],
        description=row["description"],
        importance=row["importance"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        total_requests=row["total_requests"],
        total_response_ms=row["total_response_ms"],
        user_errors=row["user_errors"],
        server_errors=row["server_errors"],
    )


def insert(conn: sqlite3.Connection, record: DeploymentRecord) -> DeploymentRecord:
    """The returned record carries the creation sequence used to break sort ties."""
    conn.execute(
        "INSERT INTO deployments (id, owner, name, workload_id, description, importance,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            record.owner,
            record.name,
            record.workload_id,
            record.description,
            record.importance,
            record.created_at,
            record.updated_at,
        ),
    )
    return fetch(conn, record.owner, record.id) or record


def save(conn: sqlite3.Connection, record: DeploymentRecord) -> None:
    """Write the metadata columns; counters change only through `record_invocation`."""
    conn.execute(
        "UPDATE deployments SET name = ?, description = ?, importance = ?, updated_at = ?"
        " WHERE id = ?",
        (record.name, record.description, record.importance, record.updated_at, record.id),
    )


def fetch(conn: sqlite3.Connection, owner: str, deployment_id: str) -> DeploymentRecord | None:
    """Another owner's or a deleted deployment is simply not found."""
    row = conn.execute(
        "SELECT * FROM deployments WHERE id = ? AND owner = ? AND deleted_at IS NULL",
        (deployment_id, owner),
    ).fetchone()
    return _from_row(row) if row else None


def fetch_all(conn: sqlite3.Connection, owner: str) -> list[DeploymentRecord]:
    """In creation order, the tie-break the list contract asks for."""
    rows = conn.execute(
        "SELECT * FROM deployments WHERE owner = ? AND deleted_at IS NULL ORDER BY seq",
        (owner,),
    ).fetchall()
    return [_from_row(row) for row in rows]


def count_for_workload(conn: sqlite3.Connection, workload_id: str) -> int:
    """Live deployments block deleting their workload."""
    row = conn.execute(
        "SELECT COUNT(*) FROM deployments WHERE workload_id = ? AND deleted_at IS NULL",
        (workload_id,),
    ).fetchone()
    return int(row[0])


def record_invocation(
    conn: sqlite3.Connection, deployment_id: str, status_code: int, elapsed_ms: float
) -> None:
    """Aggregate counters are enough for the metrics the contract defines."""
    conn.execute(
        "UPDATE deployments SET total_requests = total_requests + 1,"
        " total_response_ms = total_response_ms + ?,"
        " user_errors = user_errors + ?, server_errors = server_errors + ? WHERE id = ?",
        (
            elapsed_ms,
            1 if 400 <= status_code < 500 else 0,
            1 if status_code >= 500 else 0,
            deployment_id,
        ),
    )


def mark_deleted(conn: sqlite3.Connection, deployment_id: str, at: str) -> None:
    """The row stays, so an ID is never handed out twice and history survives."""
    conn.execute("UPDATE deployments SET deleted_at = ? WHERE id = ?", (at, deployment_id))
