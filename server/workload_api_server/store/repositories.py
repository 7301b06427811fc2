"""Artifact repository rows (current dialect): the versions of one artifact line."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class RepositoryRecord:
    """`last_version_number` is the highest version handed out; versions are never reused."""

    seq: int
    id: str
    owner: str
    name: str
    type: str
    last_version_number: int
    created_at: str
    updated_at: str


def _from_row(row: sqlite3.Row) -> RepositoryRecord:
    return RepositoryRecord(
        seq=row["seq"],
        id=row["id"],
        owner=row["owner"],
        name=row["name"],
        type=row["type"],
        last_version_number=row["last_version_number"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def insert(conn: sqlite3.Connection, record: RepositoryRecord) -> RepositoryRecord:
    """The returned record carries the creation sequence used to break sort ties."""
    conn.execute(
        "INSERT INTO repositories (id, owner, name, type, last_version_number, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            record.id,
            record.owner,
            record.name,
            record.type,
            record.last_version_number,
            record.created_at,
            record.updated_at,
        ),
    )
    return fetch(conn, record.owner, record.id) or record


def fetch(conn: sqlite3.Connection, owner: str, repository_id: str) -> RepositoryRecord | None:
    """Another owner's or a deleted repository is simply not found."""
    row = conn.execute(
        "SELECT * FROM repositories WHERE id = ? AND owner = ? AND deleted_at IS NULL",
        (repository_id, owner),
    ).fetchone()
    return _from_row(row) if row else None


def fetch_all(conn: sqlite3.Connection, owner: str) -> list[RepositoryRecord]:
    """In creation order."""
    rows = conn.execute(
        "SELECT * FROM repositories WHERE owner = ? AND deleted_at IS NULL ORDER BY seq",
        (owner,),
    ).fetchall()
    return [_from_row(row) for row in rows]


def next_version(conn: sqlite3.Connection, repository_id: str, at: str) -> int:
    """Hand out the repository's next version number and remember it."""
    conn.execute(
        "UPDATE repositories SET last_version_number = last_version_number + 1, updated_at = ?"
        " WHERE id = ?",
        (at, repository_id),
    )
    row = conn.execute(
        "SELECT last_version_number FROM repositories WHERE id = ?", (repository_id,)
    ).fetchone()
    return int(row[0])


def count_artifacts(conn: sqlite3.Connection, repository_id: str) -> int:
    """Live artifacts in the repository."""
    row = conn.execute(
        "SELECT COUNT(*) FROM artifacts WHERE repository_id = ? AND deleted_at IS NULL",
        (repository_id,),
    ).fetchone()
    return int(row[0])


def mark_deleted(conn: sqlite3.Connection, repository_id: str, at: str) -> None:
    """The repository and every artifact in it (the caller checked none is in use)."""
    conn.execute(
        "UPDATE artifacts SET deleted_at = ? WHERE repository_id = ? AND deleted_at IS NULL",
        (at, repository_id),
    )
    conn.execute("UPDATE repositories SET deleted_at = ? WHERE id = ?", (at, repository_id))
