"""Records to response bodies.

Responses are built through the response models, so what the server sends is checked
against what its OpenAPI document promises. A single object goes out through
`json_response`, which has pydantic write the JSON bytes in one step: dumping to a dict
and encoding that with `json` took four times as long.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response

from workload_api_server.schemas.artifacts import ArtifactFormatted, ArtifactSpec
from workload_api_server.schemas.deployments import DeploymentFormatted
from workload_api_server.schemas.workloads import (
    StatusDetails,
    WorkloadFormatted,
    WorkloadRuntime,
    WorkloadStatus,
)
from workload_api_server.services.workloads import WorkloadState
from workload_api_server.store.artifacts import ArtifactRecord
from workload_api_server.store.deployments import DeploymentRecord


def json_response(view: BaseModel, status_code: int = 200) -> Response:
    """One view as the whole response body."""
    return Response(
        view.model_dump_json().encode(), status_code=status_code, media_type="application/json"
    )


def artifact_view(record: ArtifactRecord) -> ArtifactFormatted:
    """ArtifactFormatted."""
    return ArtifactFormatted(
        id=record.id,
        name=record.name,
        description=record.description,
        type=record.type,  # type: ignore[arg-type]
        status=record.status,  # type: ignore[arg-type]
        version=record.version,
        spec=ArtifactSpec.model_validate(record.spec),
        created_at=record.created_at,
        updated_at=record.updated_at,
        registered_at=record.registered_at,
    )


def workload_view(state: WorkloadState, api_root: str) -> WorkloadFormatted:
    """WorkloadFormatted; `endpoint` is absolute, from the URL the client used."""
    record = state.record
    details = state.details if state.status == "errored" else None
    return WorkloadFormatted(
        id=record.id,
        name=record.name,
        artifact_id=record.artifact_id,
        runtime=WorkloadRuntime.model_validate(record.runtime),
        status=state.status,
        status_details=StatusDetails.model_validate(details) if details else None,
        endpoint=f"{api_root}/endpoints/workloads/{record.id}/",
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def deployment_view(
    record: DeploymentRecord, status: WorkloadStatus, api_root: str
) -> DeploymentFormatted:
    """DeploymentFormatted; `status` is the status of its workload."""
    return DeploymentFormatted(
        id=record.id,
        name=record.name,
        workload_id=record.workload_id,
        description=record.description,
        importance=record.importance,
        status=status,
        endpoint=f"{api_root}/endpoints/deployments/{record.id}/",
        created_at=record.created_at,
        updated_at=record.updated_at,
    )
