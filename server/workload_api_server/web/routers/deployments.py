"""`/api/v2/console/deployments/`: create, list, get, patch, delete, stats."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.schemas.deployments import (
    DeploymentCreate,
    DeploymentFormatted,
    DeploymentList,
    DeploymentPatch,
    DeploymentStats,
)
from workload_api_server.services import deployments, workloads
from workload_api_server.store import workloads as workload_store
from workload_api_server.store.deployments import DeploymentRecord
from workload_api_server.web.auth import Editor, Reader
from workload_api_server.web.context import Session
from workload_api_server.web.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.web.openapi import created, json_body, responses, with_created
from workload_api_server.web.routers.common import Body, api_root, item_url
from workload_api_server.web.routing import add_route
from workload_api_server.web.views import deployment_view, json_response

COLLECTION = "/api/v2/console/deployments/"
ITEM = "/api/v2/console/deployments/{deploymentId}/"
DeploymentId = Annotated[str, Path(alias="deploymentId")]
TAGS = ("deployments",)


def _view(session: Session, record: DeploymentRecord, root: str) -> DeploymentFormatted:
    workload = workload_store.fetch(session.conn, session.owner, record.workload_id)
    status = workloads.state_of(session, workload).status if workload else "unknown"
    return deployment_view(record, status, root)


async def create_deployment(request: Request, caller: Editor, body: Body) -> Response:
    """Only registered artifacts are deployed, so production never runs a mutable draft."""
    root = api_root(request)
    view = await caller.run(
        lambda session: _view(session, deployments.create(session, body), root), uses_runtime=True
    )
    response = json_response(view, status_code=201)
    response.headers["Location"] = item_url(request, COLLECTION, view.id)
    return response


async def list_deployments(request: Request, caller: Reader) -> JSONResponse:
    """Only the caller's live deployments, each with its workload's current status."""
    query = parse_list_query(request.query_params)
    root = api_root(request)

    def work(session: Session) -> tuple[list[DeploymentFormatted], int]:
        page, total = select(deployments.list_all(session), query)
        return [_view(session, record, root) for record in page], total

    views, total = await caller.run(work, uses_runtime=True)
    return JSONResponse(envelope(request.url, query, views, total))


async def get_deployment(request: Request, deployment_id: DeploymentId, caller: Reader) -> Response:
    """`status` is the workload's, since a deployment has no lifecycle of its own."""
    root = api_root(request)
    view = await caller.run(
        lambda session: _view(session, deployments.require(session, deployment_id), root),
        uses_runtime=True,
    )
    return json_response(view)


async def patch_deployment(
    request: Request, deployment_id: DeploymentId, caller: Editor, body: Body
) -> Response:
    """Metadata only; pointing at another workload means a new deployment (422)."""
    root = api_root(request)
    view = await caller.run(
        lambda session: _view(session, deployments.patch(session, deployment_id, body), root),
        uses_runtime=True,
    )
    return json_response(view)


async def delete_deployment(deployment_id: DeploymentId, caller: Editor) -> Response:
    """Soft delete; afterwards the deployment and its stats answer 404."""
    await caller.run(lambda session: deployments.delete(session, deployment_id))
    return Response(status_code=204)


async def deployment_stats(deployment_id: DeploymentId, caller: Reader) -> Response:
    """Counted from real traffic through the deployment's invoke endpoint since its creation."""
    stats = await caller.run(lambda session: deployments.stats(session, deployment_id))
    return json_response(stats)


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router (see `routing`), so apps never share route state."""
    add_route(
        router,
        COLLECTION,
        create_deployment,
        method="POST",
        tags=TAGS,
        operation_id="createDeployment",
        summary="Deploy a workload whose artifact is registered",
        status_code=201,
        responses=with_created(
            responses(201, DeploymentFormatted, 400, 401, 403, 422),
            201,
            created(
                {
                    "GetDeployment": "getDeployment",
                    "PatchDeployment": "patchDeployment",
                    "GetDeploymentStats": "getDeploymentStats",
                    "DeleteDeployment": "deleteDeployment",
                },
                "deploymentId",
            ),
        ),
        openapi_extra=json_body(DeploymentCreate),
    )
    add_route(
        router,
        COLLECTION,
        list_deployments,
        method="GET",
        tags=TAGS,
        operation_id="listDeployments",
        summary="List deployments",
        responses=responses(200, DeploymentList, 401, 422),
        openapi_extra={"parameters": openapi_parameters()},
    )
    add_route(
        router,
        ITEM,
        get_deployment,
        method="GET",
        tags=TAGS,
        operation_id="getDeployment",
        summary="Get a deployment",
        responses=responses(200, DeploymentFormatted, 401, 404),
    )
    add_route(
        router,
        ITEM,
        patch_deployment,
        method="PATCH",
        tags=TAGS,
        operation_id="patchDeployment",
        summary="Update deployment metadata",
        responses=responses(200, DeploymentFormatted, 400, 401, 403, 404, 422),
        openapi_extra=json_body(DeploymentPatch),
    )
    add_route(
        router,
        ITEM,
        delete_deployment,
        method="DELETE",
        tags=TAGS,
        operation_id="deleteDeployment",
        summary="Delete a deployment",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, description="Deleted."),
    )
    add_route(
        router,
        "/api/v2/console/deployments/{deploymentId}/stats/",
        deployment_stats,
        method="GET",
        tags=TAGS,
        operation_id="getDeploymentStats",
        summary="Deployment statistics from invoke traffic",
        responses=responses(200, DeploymentStats, 401, 404),
    )
