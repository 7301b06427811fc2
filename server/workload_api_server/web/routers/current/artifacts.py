"""`/api/v2/artifacts` and `/api/v2/artifactRepositories` (current dialect)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.schemas.current.artifacts import (
    Artifact,
    ArtifactRepository,
    CurrentArtifactClone,
    CurrentArtifactCreate,
    CurrentArtifactList,
    CurrentArtifactPatch,
    CurrentArtifactReplace,
    CurrentRepositoryList,
)
from workload_api_server.services.current import artifacts, repositories
from workload_api_server.web.auth import Editor, Reader
from workload_api_server.web.context import Session
from workload_api_server.web.current_listing import (
    ARTIFACT_STYLE,
    REPOSITORY_STYLE,
    Row,
    filter_parameters,
    kept,
    search_matches,
)
from workload_api_server.web.current_views import artifact_view, repository_view
from workload_api_server.web.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.web.openapi import created, json_body, responses, with_created
from workload_api_server.web.routers.common import Body, item_url
from workload_api_server.web.routing import add_route
from workload_api_server.web.views import json_response

COLLECTION = "/api/v2/artifacts/"
ITEM = "/api/v2/artifacts/{artifactId}/"
REPOSITORIES = "/api/v2/artifactRepositories/"
REPOSITORY = "/api/v2/artifactRepositories/{artifactRepositoryId}/"
ArtifactId = Annotated[str, Path(alias="artifactId")]
RepositoryId = Annotated[str, Path(alias="artifactRepositoryId")]
TAGS = ("current: artifacts",)
ARTIFACT_FILTERS = ("type", "status", "repositoryId")


async def create_artifact(request: Request, caller: Editor, body: Body) -> Response:
    """A draft unless `status: locked`; without `artifactRepositoryId` a new repository."""
    record = await caller.run(lambda session: artifacts.create(session, body))
    response = json_response(artifact_view(record), status_code=201)
    response.headers["Location"] = item_url(request, COLLECTION, record.id)
    return response


def _artifact_row(view: Artifact, seq: int) -> Row:
    return Row(
        seq=seq,
        id=view.id,
        name=view.name,
        description=view.description,
        created_at=view.created_at,
        updated_at=view.updated_at,
        status=view.status,
        view=view,
        facets={
            "type": view.type,
            "status": view.status,
            "repositoryId": view.artifact_repository_id,
        },
    )


async def list_artifacts(request: Request, caller: Reader) -> JSONResponse:
    """The caller's artifacts of this dialect, 10 per page unless asked."""
    query = parse_list_query(request.query_params, ARTIFACT_STYLE)

    def work(session: Session) -> tuple[list[Row], int]:
        rows = [
            _artifact_row(artifact_view(record), record.seq)
            for record in artifacts.list_all(session)
        ]
        return select(kept(rows, request.query_params, ARTIFACT_FILTERS), query, search_matches)

    page, total = await caller.run(work)
    return JSONResponse(envelope(request.url, query, [row.view for row in page], total))


async def get_artifact(artifact_id: ArtifactId, caller: Reader) -> Response:
    """Another owner's, another dialect's or a deleted artifact answers 404."""
    record = await caller.run(lambda session: artifacts.require(session, artifact_id))
    return json_response(artifact_view(record))


async def replace_artifact(artifact_id: ArtifactId, caller: Editor, body: Body) -> Response:
    """A draft's whole definition; a locked artifact answers 403."""
    record = await caller.run(lambda session: artifacts.replace(session, artifact_id, body))
    return json_response(artifact_view(record))


async def patch_artifact(artifact_id: ArtifactId, caller: Editor, body: Body) -> Response:
    """A draft's fields, spec included; `status: locked` assigns the next version."""
    record = await caller.run(lambda session: artifacts.patch(session, artifact_id, body))
    return json_response(artifact_view(record))


async def delete_artifact(artifact_id: ArtifactId, caller: Editor) -> Response:
    """A draft nobody runs: 204; in use or locked: 409."""
    await caller.run(lambda session: artifacts.delete(session, artifact_id))
    return Response(status_code=204)


async def clone_artifact(
    request: Request, artifact_id: ArtifactId, caller: Editor, body: Body
) -> Response:
    """A new draft in the same repository."""
    record = await caller.run(lambda session: artifacts.clone(session, artifact_id, body))
    response = json_response(artifact_view(record))
    response.headers["Location"] = item_url(request, COLLECTION, record.id)
    return response


async def list_repositories(request: Request, caller: Reader) -> JSONResponse:
    """The caller's repositories."""
    query = parse_list_query(request.query_params, REPOSITORY_STYLE)

    def work(session: Session) -> tuple[list[Row], int]:
        rows = []
        for record in repositories.list_all(session):
            view = repository_view(record, repositories.artifact_count(session, record))
            rows.append(
                Row(record.seq, view.id, view.name, "", view.created_at, view.updated_at, "", view)
            )
        return select(rows, query, search_matches)

    page, total = await caller.run(work)
    return JSONResponse(envelope(request.url, query, [row.view for row in page], total))


async def get_repository(repository_id: RepositoryId, caller: Reader) -> Response:
    """A repository with its version counter."""

    def work(session: Session) -> ArtifactRepository:
        record = repositories.require(session, repository_id)
        return repository_view(record, repositories.artifact_count(session, record))

    return json_response(await caller.run(work))


async def delete_repository(repository_id: RepositoryId, caller: Editor) -> Response:
    """With all its artifacts; 409 while a workload uses one."""
    await caller.run(lambda session: repositories.delete(session, repository_id))
    return Response(status_code=204)


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router (see `routing`)."""
    item_links = created(
        {
            "GetArtifact": "currentGetArtifact",
            "PatchArtifact": "currentPatchArtifact",
            "DeleteArtifact": "currentDeleteArtifact",
        },
        "artifactId",
        bodies={
            "CreateWorkload": (
                "currentCreateWorkload",
                {"name": "linked", "artifactId": "$response.body#/id"},
            )
        },
    )
    add_route(
        router,
        COLLECTION,
        create_artifact,
        method="POST",
        tags=TAGS,
        operation_id="currentCreateArtifact",
        summary="Create an artifact (a draft unless locked), in a repository",
        status_code=201,
        responses=with_created(
            responses(201, Artifact, 400, 401, 403, 404, 422, current=True), 201, item_links
        ),
        openapi_extra=json_body(CurrentArtifactCreate),
    )
    add_route(
        router,
        COLLECTION,
        list_artifacts,
        method="GET",
        tags=TAGS,
        operation_id="currentListArtifacts",
        summary="List artifacts",
        responses=responses(200, CurrentArtifactList, 401, 422, current=True),
        openapi_extra={
            "parameters": [
                *openapi_parameters(ARTIFACT_STYLE),
                *filter_parameters(*ARTIFACT_FILTERS),
            ]
        },
    )
    add_route(
        router,
        ITEM,
        get_artifact,
        method="GET",
        tags=TAGS,
        operation_id="currentGetArtifact",
        summary="Get an artifact",
        responses=responses(200, Artifact, 401, 404, current=True),
    )
    add_route(
        router,
        ITEM,
        replace_artifact,
        method="PUT",
        tags=TAGS,
        operation_id="currentReplaceArtifact",
        summary="Replace a draft artifact's definition",
        responses=responses(200, Artifact, 400, 401, 403, 404, 422, current=True),
        openapi_extra=json_body(CurrentArtifactReplace),
    )
    add_route(
        router,
        ITEM,
        patch_artifact,
        method="PATCH",
        tags=TAGS,
        operation_id="currentPatchArtifact",
        summary="Change a draft artifact, or lock it",
        responses=responses(200, Artifact, 400, 401, 403, 404, 422, current=True),
        openapi_extra=json_body(CurrentArtifactPatch),
    )
    add_route(
        router,
        ITEM,
        delete_artifact,
        method="DELETE",
        tags=TAGS,
        operation_id="currentDeleteArtifact",
        summary="Delete a draft artifact",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, 409, description="Deleted.", current=True),
    )
    add_route(
        router,
        "/api/v2/artifacts/{artifactId}/clone",
        clone_artifact,
        method="POST",
        tags=TAGS,
        operation_id="currentCloneArtifact",
        summary="Clone an artifact as a new draft",
        responses=responses(200, Artifact, 400, 401, 403, 404, 422, current=True),
        openapi_extra=json_body(CurrentArtifactClone),
    )
    add_route(
        router,
        REPOSITORIES,
        list_repositories,
        method="GET",
        tags=TAGS,
        operation_id="currentListArtifactRepositories",
        summary="List artifact repositories",
        responses=responses(200, CurrentRepositoryList, 401, 422, current=True),
        openapi_extra={"parameters": openapi_parameters(REPOSITORY_STYLE)},
    )
    add_route(
        router,
        REPOSITORY,
        get_repository,
        method="GET",
        tags=TAGS,
        operation_id="currentGetArtifactRepository",
        summary="Get an artifact repository",
        responses=responses(200, ArtifactRepository, 401, 404, current=True),
    )
    add_route(
        router,
        REPOSITORY,
        delete_repository,
        method="DELETE",
        tags=TAGS,
        operation_id="currentDeleteArtifactRepository",
        summary="Delete a repository and its artifacts",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, 409, description="Deleted.", current=True),
    )
