"""`/api/v2/registry/artifacts/`: create, list, get, replace (PUT), patch, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.auth import Editor, Reader
from workload_api_server.context import open_session
from workload_api_server.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.openapi import json_body, responses
from workload_api_server.routers.common import Body, Context
from workload_api_server.routing import add_route
from workload_api_server.schemas.artifacts import (
    ArtifactFormatted,
    ArtifactList,
    ArtifactPatch,
    ArtifactReplace,
    InputArtifact,
)
from workload_api_server.services import artifacts
from workload_api_server.views import artifact_view

COLLECTION = "/api/v2/registry/artifacts/"
ITEM = "/api/v2/registry/artifacts/{artifactId}/"
ArtifactId = Annotated[str, Path(alias="artifactId")]


def create_artifact(principal: Editor, body: Body, context: Context) -> JSONResponse:
    """Draft by default, so the spec can still change; `status: registered` locks it at once."""
    with open_session(context, principal.owner) as session:
        record = artifacts.create(session, body)
    return JSONResponse(artifact_view(record), status_code=201)


def list_artifacts(request: Request, principal: Reader, context: Context) -> JSONResponse:
    """Only the caller's live artifacts: other owners' objects never appear."""
    query = parse_list_query(request.query_params)
    with open_session(context, principal.owner) as session:
        page, total = select(artifacts.list_all(session), query)
    data = [artifact_view(record) for record in page]
    return JSONResponse(envelope(request.url, query, data, total))


def get_artifact(artifact_id: ArtifactId, principal: Reader, context: Context) -> JSONResponse:
    """Another owner's or a deleted artifact answers 404, so existence never leaks."""
    with open_session(context, principal.owner) as session:
        record = artifacts.require(session, artifact_id)
    return JSONResponse(artifact_view(record))


def replace_artifact(
    artifact_id: ArtifactId, principal: Editor, body: Body, context: Context
) -> JSONResponse:
    """The spec changes only here and only on drafts; a registered artifact answers 409."""
    with open_session(context, principal.owner) as session:
        record = artifacts.replace(session, artifact_id, body)
    return JSONResponse(artifact_view(record))


def patch_artifact(
    artifact_id: ArtifactId, principal: Editor, body: Body, context: Context
) -> JSONResponse:
    """Metadata and the one-way registration; a locked field on a registered artifact is 409."""
    with open_session(context, principal.owner) as session:
        record = artifacts.patch(session, artifact_id, body)
    return JSONResponse(artifact_view(record))


def delete_artifact(artifact_id: ArtifactId, principal: Editor, context: Context) -> Response:
    """Soft delete (versions stay taken); 409 while a workload still uses the artifact."""
    with open_session(context, principal.owner) as session:
        artifacts.delete(session, artifact_id)
    return Response(status_code=204)


def build_router() -> APIRouter:
    """A fresh router per app, so apps never share route state."""
    router = APIRouter(tags=["artifacts"])
    add_route(
        router,
        COLLECTION,
        create_artifact,
        method="POST",
        operation_id="createArtifact",
        summary="Create an artifact (draft unless status is registered)",
        status_code=201,
        responses=responses(201, ArtifactFormatted, 400, 401, 403, 422),
        openapi_extra=json_body(InputArtifact),
    )
    add_route(
        router,
        COLLECTION,
        list_artifacts,
        method="GET",
        operation_id="listArtifacts",
        summary="List artifacts",
        responses=responses(200, ArtifactList, 401, 422),
        openapi_extra={"parameters": openapi_parameters()},
    )
    add_route(
        router,
        ITEM,
        get_artifact,
        method="GET",
        operation_id="getArtifact",
        summary="Get an artifact",
        responses=responses(200, ArtifactFormatted, 401, 404),
    )
    add_route(
        router,
        ITEM,
        replace_artifact,
        method="PUT",
        operation_id="replaceArtifact",
        summary="Replace a draft artifact's definition",
        responses=responses(200, ArtifactFormatted, 400, 401, 403, 404, 409, 422),
        openapi_extra=json_body(ArtifactReplace),
    )
    add_route(
        router,
        ITEM,
        patch_artifact,
        method="PATCH",
        operation_id="patchArtifact",
        summary="Update metadata or register an artifact",
        responses=responses(200, ArtifactFormatted, 400, 401, 403, 404, 409, 422),
        openapi_extra=json_body(ArtifactPatch),
    )
    add_route(
        router,
        ITEM,
        delete_artifact,
        method="DELETE",
        operation_id="deleteArtifact",
        summary="Soft-delete an artifact",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, 409, description="Deleted."),
    )
    return router
