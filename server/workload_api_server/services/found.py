"""Finding the caller's object by the ID in a path, the same way for every kind.

Another owner's, another dialect's, a deleted object and a malformed ID all answer the
same 404, so an ID reveals nothing about objects the caller cannot see; a malformed ID
never reaches the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from workload_api_server.domain.ids import is_id
from workload_api_server.web.context import Session
from workload_api_server.web.errors import NotFound

Record = TypeVar("Record")


def require_found(
    session: Session,
    object_id: str,
    fetch: Callable[..., Record | None],
    kind: str,
    *fetch_args: Any,
) -> Record:
    """`fetch(conn, owner, object_id, *fetch_args)` (a store's `fetch`: the caller's live
    object), or 404 "<kind> not found." when it finds nothing."""
    record = (
        fetch(session.conn, session.owner, object_id, *fetch_args) if is_id(object_id) else None
    )
    if record is None:
        raise NotFound(f"{kind} not found.")
    return record
