"""The artifact records both dialects write alike, each rule written once here."""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.ids import new_id
from workload_api_server.store import artifacts as store
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.web.context import Session


class Definition(Protocol):
    """What a create or PUT body gives an artifact, in either dialect."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str | None: ...

    @property
    def type(self) -> str: ...


def new_draft(
    session: Session, given: Definition, spec: dict[str, Any], **dialect_fields: Any
) -> ArtifactRecord:
    """A draft of `given` made now (`spec` as the dialect stores it), not yet stored: no
    version until it is frozen."""
    now = to_iso(session.now)
    return ArtifactRecord(
        seq=0,
        id=new_id(),
        owner=session.owner,
        name=given.name,
        description=given.description,
        type=given.type,
        status="draft",
        version=None,
        registered_name=None,
        spec=spec,
        created_at=now,
        updated_at=now,
        registered_at=None,
        **dialect_fields,
    )


def save_if_changed(
    session: Session, record: ArtifactRecord, updated: ArtifactRecord
) -> ArtifactRecord:
    """`updatedAt` moves only when a write changes something, so it works as a revision."""
    if updated == record:
        return record
    updated = dataclasses.replace(updated, updated_at=to_iso(session.now))
    store.save(session.conn, updated)
    return updated


def save_definition(
    session: Session, record: ArtifactRecord, given: Definition, spec: dict[str, Any]
) -> ArtifactRecord:
    """A PUT on a draft: its whole definition replaced (`spec` as the dialect stores it),
    saved only if that changes it."""
    updated = dataclasses.replace(
        record, name=given.name, description=given.description, type=given.type, spec=spec
    )
    return save_if_changed(session, record, updated)
