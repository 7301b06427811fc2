"""`/api/v2/registry/artifacts/`: create, list, get, replace (PUT), patch, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.schemas.artifacts import (
    ArtifactFormatted,
    ArtifactList,
    ArtifactPatch,
    ArtifactReplace,
    InputArtifact,
)
from workload_api_server.services import artifacts
from workload_api_server.web.auth import Editor, Reader
from workload_api_server.web.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.web.openapi import created, json_body, responses, with_created
from workload_api_server.web.routers.common import Body, item_url
from workload_api_server.web.routing import add_route
from workload_api_server.web.views import artifact_view, json_response

COLLECTION = "/api/v2/registry/artifacts/"
ITEM = "/api/v2/registry/artifacts/{artifactId}/"
ArtifactId = Annotated[str, Path(alias="artifactId")]
TAGS = ("artifacts",)


async def create_artifact(request: Request, caller: Editor, body: Body) -> Response:
    """Draft by default, so the spec can still change; `status: registered` locks it at once."""
    record = await caller.run(lambda session: artifacts.create(session, body))
    response = json_response(artifact_view(record), status_code=201)
    response.headers["Location"] = item_url(request, COLLECTION, record.id)
    return response


async def list_artifacts(request: Request, caller: Reader) -> JSONResponse:
    """Only the caller's live artifacts: other owners' objects never appear."""
    query = parse_list_query(request.query_params)
    page, total = await caller.run(lambda session: select(artifacts.list_all(session), query))
    views = [artifact_view(record) for record in page]
    return JSONResponse(envelope(request.url, query, views, total))


async def get_artifact(artifact_id: ArtifactId, caller: Reader) -> Response:
    """Another owner's or a deleted artifact answers 404, so existence never leaks."""
    record = await caller.run(lambda session: artifacts.require(session, artifact_id))
    return json_response(artifact_view(record))


async def replace_artifact(artifact_id: ArtifactId, caller: Editor, body: Body) -> Response:
    """The spec changes only here and only on drafts; a registered artifact answers 409."""
    record = await caller.run(lambda session: artifacts.replace(session, artifact_id, body))
    return json_response(artifact_view(record))


async def patch_artifact(artifact_id: ArtifactId, caller: Editor, body: Body) -> Response:
    """Metadata and the one-way registration; a locked field on a registered artifact is 409."""
    record = await caller.run(lambda session: artifacts.patch(session, artifact_id, body))
    return json_response(artifact_view(record))


async def delete_artifact(artifact_id: ArtifactId, caller: Editor) -> Response:
    """Soft delete (versions stay taken); 409 while a workload still uses the artifact."""
    await caller.run(lambda session: artifacts.delete(session, artifact_id))
    return Response(status_code=204)


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router (see `routing`), so apps never share route state."""
    add_route(
        router,
        COLLECTION,
        create_artifact,
        method="POST",
        tags=TAGS,
        operation_id="createArtifact",
        summary="Create an artifact (draft unless status is registered)",
        status_code=201,
        responses=with_created(
            responses(201, ArtifactFormatted, 400, 401, 403, 422),
            201,
            created(
                {
                    "GetArtifact": "getArtifact",
                    "ReplaceArtifact": "replaceArtifact",
                    "PatchArtifact": "patchArtifact",
                    "DeleteArtifact": "deleteArtifact",
                },
                "artifactId",
                bodies={"CreateWorkload": ("createWorkload", {"artifactId": "$response.body#/id"})},
            ),
        ),
        openapi_extra=json_body(InputArtifact),
    )
    add_route(
        router,
        COLLECTION,
        list_artifacts,
        method="GET",
        tags=TAGS,
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
        tags=TAGS,
        operation_id="getArtifact",
        summary="Get an artifact",
        responses=responses(200, ArtifactFormatted, 401, 404),
    )
    add_route(
        router,
        ITEM,
        replace_artifact,
        method="PUT",
        tags=TAGS,
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
        tags=TAGS,
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
        tags=TAGS,
        operation_id="deleteArtifact",
        summary="Soft-delete an artifact",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, 409, description="Deleted."),
    )
