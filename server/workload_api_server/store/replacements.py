"""Replacement history rows (current dialect): every settled replacement and promotion."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def append(conn: sqlite3.Connection, workload_id: str, document: dict[str, Any]) -> None:
    """Keep a settled record, or update it in place (marked deleted), keeping its order."""
    conn.execute(
        "INSERT INTO replacements (id, workload_id, document) VALUES (?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET document = excluded.document",
        (document["id"], workload_id, json.dumps(document)),
    )


def history(conn: sqlite3.Connection, workload_id: str) -> list[dict[str, Any]]:
    """Oldest first."""
    rows = conn.execute(
        "SELECT document FROM replacements WHERE workload_id = ? ORDER BY seq",
        (workload_id,),
    ).fetchall()
    return [json.loads(row[0]) for row in rows]
