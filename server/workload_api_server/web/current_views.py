"""Current-dialect records to response bodies (the older dialect's are in `views`)."""

from __future__ import annotations

from typing import Any

from workload_api_server.domain.clock import to_iso
from workload_api_server.domain.rollout import Rollout
from workload_api_server.schemas.current.artifacts import (
    Artifact,
    ArtifactRepository,
    CurrentSpec,
)
from workload_api_server.schemas.current.workloads import (
    CurrentArtifactSummary,
    CurrentReplacementSummary,
    CurrentRolloutConfig,
    CurrentRuntime,
    Replacement,
    Workload,
)
from workload_api_server.services.current.workloads import CurrentState, status_message
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.store.repositories import RepositoryRecord


def wire_status(status: str) -> Any:
    """The domain's `registered` is this dialect's `locked`."""
    return "locked" if status == "registered" else status


def artifact_view(record: ArtifactRecord) -> Artifact:
    """An artifact."""
    return Artifact(
        id=record.id,
        name=record.name,
        description=record.description or "",
        type=record.type,  # type: ignore[arg-type]
        status=wire_status(record.status),
        version=record.version,
        artifact_repository_id=record.repository_id,
        spec=CurrentSpec.model_validate(record.spec),
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def repository_view(record: RepositoryRecord, num_artifacts: int) -> ArtifactRepository:
    """A repository."""
    return ArtifactRepository(
        id=record.id,
        name=record.name,
        type=record.type,  # type: ignore[arg-type]
        last_version_number=record.last_version_number,
        num_artifacts=num_artifacts,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def proton_id(workload_id: str, generation: int) -> str:
    """One running version of a workload, named like any other object."""
    return f"{workload_id[:16]}{generation:08x}"


def _config(rollout: Rollout) -> CurrentRolloutConfig:
    return CurrentRolloutConfig.model_validate(
        {
            "warmupDurationMinutes": rollout.warmup_minutes,
            "keepOldVersionMinutes": rollout.keep_old_minutes,
        }
    )


def replacement_view(document: dict[str, Any]) -> Replacement:
    """A replacement record, from the workload row or the history."""
    deleted = document.get("deleted_at")
    fields = {
        key: value for key, value in document.items() if key not in ("deleted_at", "is_deleted")
    }
    rollout = Rollout.from_document(fields)
    return Replacement(
        id=rollout.id,
        name=rollout.name,
        workload_id=rollout.workload_id,
        candidate_artifact_id=rollout.candidate_artifact_id,
        previous_artifact_id=rollout.previous_artifact_id,
        candidate_proton_ids=[proton_id(rollout.workload_id, rollout.candidate_generation)],
        previous_proton_ids=[proton_id(rollout.workload_id, rollout.previous_generation)],
        config=_config(rollout),
        runtime=CurrentRuntime.model_validate(rollout.candidate_runtime),
        status=rollout.status,
        strategy="rolling",
        message=rollout.message,
        switched_at=to_iso(rollout.switched_at) if rollout.switched_at is not None else None,
        created_at=rollout.created_at,
        updated_at=rollout.updated_at,
        is_deleted=deleted is not None,
        deleted_at=to_iso(float(deleted)) if deleted is not None else None,
    )


def workload_view(state: CurrentState, api_root: str) -> Workload:
    """A workload; `endpoint` is absolute, from the URL the client used."""
    record = state.record
    artifact = state.artifact
    summary = None
    if artifact is not None:
        summary = CurrentArtifactSummary(
            id=artifact.id,
            name=artifact.name,
            status=wire_status(artifact.status),
            type=artifact.type,  # type: ignore[arg-type]
            version=artifact.version,
            artifact_repository_id=artifact.repository_id,
        )
    replacement = None
    if record.replacement is not None:
        rollout = Rollout.from_document(record.replacement)
        replacement = CurrentReplacementSummary(
            id=rollout.id,
            status=rollout.status,
            strategy="rolling",
            candidate_artifact_id=rollout.candidate_artifact_id,
            candidate_proton_ids=[proton_id(record.id, rollout.candidate_generation)],
            config=_config(rollout),
            message=rollout.message,
        )
    serving = state.status in ("provisioning", "launching", "running")
    return Workload(
        id=record.id,
        name=record.name,
        description=record.description or "",
        importance=record.importance,  # type: ignore[arg-type]
        status=state.status,
        type=artifact.type if artifact is not None else "service",  # type: ignore[arg-type]
        artifact_id=record.artifact_id,
        artifact=summary,
        endpoint=f"{api_root}/endpoints/workloads/{record.id}/",
        proton_id=proton_id(record.id, record.generation) if serving else None,
        runtime=CurrentRuntime.model_validate(record.runtime),
        replacement=replacement,
        expires_at=to_iso(state.expires_at) if state.expires_at is not None else None,
        status_message=status_message(state),
        created_at=record.created_at,
        updated_at=record.updated_at,
    )
