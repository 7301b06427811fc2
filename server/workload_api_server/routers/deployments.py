"""`/api/v2/console/deployments/`: create, list, get, patch, delete, stats."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.auth import Editor, Reader
from workload_api_server.context import Session, open_session
from workload_api_server.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.openapi import json_body, responses
from workload_api_server.routers.common import Body, Context, api_root
from workload_api_server.routing import add_route
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
from workload_api_server.views import deployment_view

COLLECTION = "/api/v2/console/deployments/"
ITEM = "/api/v2/console/deployments/{deploymentId}/"
DeploymentId = Annotated[str, Path(alias="deploymentId")]


def _view(session: Session, record: DeploymentRecord, root: str) -> dict[str, object]:
    workload = workload_store.fetch(session.conn, session.owner, record.workload_id)
    status = workloads.state_of(session, workload).status if workload else "unknown"
    return deployment_view(record, status, root)


def create_deployment(
    request: Request, principal: Editor, body: Body, context: Context
) -> JSONResponse:
    """Only registered artifacts are deployed, so production never runs a mutable draft."""
    with open_session(context, principal.owner) as session:
        view = _view(session, deployments.create(session, body), api_root(request))
    return JSONResponse(view, status_code=201)


def list_deployments(request: Request, principal: Reader, context: Context) -> JSONResponse:
    """Only the caller's live deployments, each with its workload's current status."""
    query = parse_list_query(request.query_params)
    root = api_root(request)
    with open_session(context, principal.owner) as session:
        page, total = select(deployments.list_all(session), query)
        data = [_view(session, record, root) for record in page]
    return JSONResponse(envelope(request.url, query, data, total))


def get_deployment(
    request: Request, deployment_id: DeploymentId, principal: Reader, context: Context
) -> JSONResponse:
    """`status` is the workload's, since a deployment has no lifecycle of its own."""
    with open_session(context, principal.owner) as session:
        view = _view(session, deployments.require(session, deployment_id), api_root(request))
    return JSONResponse(view)


def patch_deployment(
    request: Request,
    deployment_id: DeploymentId,
    principal: Editor,
    body: Body,
    context: Context,
) -> JSONResponse:
    """Metadata only; pointing at another workload means a new deployment (422)."""
    with open_session(context, principal.owner) as session:
        record = deployments.patch(session, deployment_id, body)
        view = _view(session, record, api_root(request))
    return JSONResponse(view)


def delete_deployment(deployment_id: DeploymentId, principal: Editor, context: Context) -> Response:
    """Soft delete; afterwards the deployment and its stats answer 404."""
    with open_session(context, principal.owner) as session:
        deployments.delete(session, deployment_id)
    return Response(status_code=204)


def deployment_stats(
    deployment_id: DeploymentId, principal: Reader, context: Context
) -> JSONResponse:
    """Counted from real traffic through the deployment's invoke endpoint since its creation."""
    with open_session(context, principal.owner) as session:
        stats = deployments.stats(session, deployment_id)
    return JSONResponse(stats.model_dump(mode="json"))


def build_router() -> APIRouter:
    """A fresh router per app, so apps never share route state."""
    router = APIRouter(tags=["deployments"])
    add_route(
        router,
        COLLECTION,
        create_deployment,
        method="POST",
        operation_id="createDeployment",
        summary="Deploy a workload whose artifact is registered",
        status_code=201,
        responses=responses(201, DeploymentFormatted, 400, 401, 403, 422),
        openapi_extra=json_body(DeploymentCreate),
    )
    add_route(
        router,
        COLLECTION,
        list_deployments,
        method="GET",
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
        operation_id="getDeployment",
        summary="Get a deployment",
        responses=responses(200, DeploymentFormatted, 401, 404),
    )
    add_route(
        router,
        ITEM,
        patch_deployment,
        method="PATCH",
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
        operation_id="getDeploymentStats",
        summary="Deployment statistics from invoke traffic",
        responses=responses(200, DeploymentStats, 401, 404),
    )
    return router
