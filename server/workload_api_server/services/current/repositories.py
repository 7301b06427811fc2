"""Artifact repositories: opened by artifact creation, listed, read, deleted with their
artifacts (refused while a workload uses one of them)."""

from __future__ import annotations

from workload_api_server.domain.clock import to_iso
from workload_api_server.services.found import require_found
from workload_api_server.store import artifacts as artifact_store
from workload_api_server.store import repositories as store
from workload_api_server.store import workloads as workload_store
from workload_api_server.store.repositories import RepositoryRecord
from workload_api_server.web.context import Session
from workload_api_server.web.errors import Conflict


def require(session: Session, repository_id: str) -> RepositoryRecord:
    """The caller's live repository, or 404."""
    return require_found(session, repository_id, store.fetch, "Artifact repository")


def list_all(session: Session) -> list[RepositoryRecord]:
    """The caller's live repositories in creation order."""
    return store.fetch_all(session.conn, session.owner)


def artifact_count(session: Session, record: RepositoryRecord) -> int:
    """Live artifacts in it."""
    return store.count_artifacts(session.conn, record.id)


def delete(session: Session, repository_id: str) -> None:
    """Cascades to every artifact, locked ones included; 409 while any is in use."""
    record = require(session, repository_id)
    users = [
        workload_id
        for artifact in artifact_store.fetch_in_repository(session.conn, record.id)
        for workload_id in workload_store.ids_using_artifact(session.conn, artifact.id)
    ]
    if users:
        raise Conflict(f"Artifacts of this repository are used by workloads: {', '.join(users)}.")
    store.mark_deleted(session.conn, record.id, to_iso(session.now))
