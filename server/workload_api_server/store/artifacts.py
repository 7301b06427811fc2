"""Artifact rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from workload_api_server.domain.dialects import Dialect


@dataclass(frozen=True)
class ArtifactRecord:
    """A live (not deleted) artifact.

    `registered_name` is the name at registration time: versions count per name as it was
    registered, so a later rename neither changes nor frees a version (older dialect).
    `status` is the domain's word: `registered` is what the current dialect calls `locked`.
    Each row belongs to the dialect that made it, and only that dialect sees it.
    """

    seq: int
    id: str
    owner: str
    name: str
    description: str | None
    type: str
    status: str
    version: int | None
    registered_name: str | None
    spec: dict[str, Any]
    created_at: str
    updated_at: str
    registered_at: str | None
    dialect: Dialect = "older"
    repository_id: str | None = None


def _from_row(row: sqlite3.Row) -> ArtifactRecord:
    return ArtifactRecord(
        seq=row["seq"],
        id=row["id"],
        owner=row["owner"],
        name=row["name"],
        description=row["description"],
        type=row["type"],
        status=row["status"],
        version=row["version"],
        registered_name=row["registered_name"],
        spec=json.loads(row["spec"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        registered_at=row["registered_at"],
        dialect=row["dialect"],
        repository_id=row["repository_id"],
    )


def insert(conn: sqlite3.Connection, record: ArtifactRecord) -> ArtifactRecord:
    """The returned record carries the creation sequence used to break sort ties."""
    conn.execute(
        "INSERT INTO artifacts (id, owner, name, description, type, status, version,"
        " registered_name, spec, created_at, updated_at, registered_at, dialect, repository_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            record.owner,
            record.name,
            record.description,
            record.type,
            record.status,
            record.version,
            record.registered_name,
            json.dumps(record.spec),
            record.created_at,
            record.updated_at,
            record.registered_at,
            record.dialect,
            record.repository_id,
        ),
    )
    return fetch(conn, record.owner, record.id, record.dialect) or record


def save(conn: sqlite3.Connection, record: ArtifactRecord) -> None:
    """Whole-record writes keep column bookkeeping out of the service."""
    conn.execute(
        "UPDATE artifacts SET name = ?, description = ?, type = ?, status = ?, version = ?,"
        " registered_name = ?, spec = ?, updated_at = ?, registered_at = ? WHERE id = ?",
        (
            record.name,
            record.description,
            record.type,
            record.status,
            record.version,
            record.registered_name,
            json.dumps(record.spec),
            record.updated_at,
            record.registered_at,
            record.id,
        ),
    )


def fetch(
    conn: sqlite3.Connection, owner: str, artifact_id: str, dialect: Dialect = "older"
) -> ArtifactRecord | None:
    """Another owner's, another dialect's or a deleted artifact is simply not found."""
    row = conn.execute(
        "SELECT * FROM artifacts WHERE id = ? AND owner = ? AND dialect = ? AND deleted_at IS NULL",
        (artifact_id, owner, dialect),
    ).fetchone()
    return _from_row(row) if row else None


def fetch_all(
    conn: sqlite3.Connection, owner: str, dialect: Dialect = "older"
) -> list[ArtifactRecord]:
    """In creation order; lists filter and sort in Python for Unicode-correct search."""
    rows = conn.execute(
        "SELECT * FROM artifacts WHERE owner = ? AND dialect = ? AND deleted_at IS NULL"
        " ORDER BY seq",
        (owner, dialect),
    ).fetchall()
    return [_from_row(row) for row in rows]


def highest_version(conn: sqlite3.Connection, owner: str, name: str) -> int:
    """Deleted artifacts count too, so a version number is never handed out twice."""
    row = conn.execute(
        "SELECT MAX(version) FROM artifacts WHERE owner = ? AND registered_name = ?"
        " AND dialect = 'older'",
        (owner, name),
    ).fetchone()
    return int(row[0] or 0)


def mark_deleted(conn: sqlite3.Connection, artifact_id: str, at: str) -> None:
    """Soft delete keeps the row for version history."""
    conn.execute("UPDATE artifacts SET deleted_at = ? WHERE id = ?", (at, artifact_id))


def fetch_in_repository(conn: sqlite3.Connection, repository_id: str) -> list[ArtifactRecord]:
    """A repository's live artifacts in creation order."""
    rows = conn.execute(
        "SELECT * FROM artifacts WHERE repository_id = ? AND deleted_at IS NULL ORDER BY seq",
        (repository_id,),
    ).fetchall()
    return [_from_row(row) for row in rows]
