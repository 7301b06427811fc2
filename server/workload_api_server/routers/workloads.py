"""`/api/v2/console/workloads/`: create, list, get, delete, start, stop."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.auth import Editor, Reader
from workload_api_server.context import open_session
from workload_api_server.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.openapi import json_body, responses
from workload_api_server.routers.common import Body, Context, api_root
from workload_api_server.routing import add_route
from workload_api_server.schemas.workloads import WorkloadCreate, WorkloadFormatted, WorkloadList
from workload_api_server.services import workloads
from workload_api_server.views import workload_view

COLLECTION = "/api/v2/console/workloads/"
ITEM = "/api/v2/console/workloads/{workloadId}/"
WorkloadId = Annotated[str, Path(alias="workloadId")]


def create_workload(
    request: Request, principal: Editor, body: Body, context: Context
) -> JSONResponse:
    """Answers `submitted` right away; the status then moves on with time, no polling needed."""
    with open_session(context, principal.owner) as session:
        state = workloads.create(session, body)
    return JSONResponse(workload_view(state, api_root(request)), status_code=201)


def list_workloads(request: Request, principal: Reader, context: Context) -> JSONResponse:
    """Statuses are computed at the time of the answer, as on a single GET."""
    query = parse_list_query(request.query_params)
    root = api_root(request)
    with open_session(context, principal.owner) as session:
        page, total = select(workloads.list_all(session), query)
        data = [workload_view(workloads.state_of(session, record), root) for record in page]
    return JSONResponse(envelope(request.url, query, data, total))


def get_workload(
    request: Request, workload_id: WorkloadId, principal: Reader, context: Context
) -> JSONResponse:
    """The status is derived now; `updatedAt` moves only when the API changes the workload."""
    with open_session(context, principal.owner) as session:
        state = workloads.state_of(session, workloads.require(session, workload_id))
    return JSONResponse(workload_view(state, api_root(request)))


def delete_workload(workload_id: WorkloadId, principal: Editor, context: Context) -> Response:
    """Soft delete that also ends what runs; 409 while a deployment points at the workload."""
    with open_session(context, principal.owner) as session:
        workloads.delete(session, workload_id)
    return Response(status_code=204)


def start_workload(
    request: Request, workload_id: WorkloadId, principal: Editor, context: Context
) -> JSONResponse:
    """From stopped or errored only; picks up the artifact's current spec (202, then 409s)."""
    with open_session(context, principal.owner) as session:
        state = workloads.start(session, workload_id)
    return JSONResponse(workload_view(state, api_root(request)), status_code=202)


def stop_workload(
    request: Request, workload_id: WorkloadId, principal: Editor, context: Context
) -> JSONResponse:
    """Idempotent while stopping or stopped, so retries are safe; 409 on an errored workload."""
    with open_session(context, principal.owner) as session:
        state = workloads.stop(session, workload_id)
    return JSONResponse(workload_view(state, api_root(request)), status_code=202)


def build_router() -> APIRouter:
    """A fresh router per app, so apps never share route state."""
    router = APIRouter(tags=["workloads"])
    add_route(
        router,
        COLLECTION,
        create_workload,
        method="POST",
        operation_id="createWorkload",
        summary="Create a workload from an artifact ID or an inline artifact",
        status_code=201,
        responses=responses(201, WorkloadFormatted, 400, 401, 403, 422),
        openapi_extra=json_body(WorkloadCreate),
    )
    add_route(
        router,
        COLLECTION,
        list_workloads,
        method="GET",
        operation_id="listWorkloads",
        summary="List workloads",
        responses=responses(200, WorkloadList, 401, 422),
        openapi_extra={"parameters": openapi_parameters()},
    )
    add_route(
        router,
        ITEM,
        get_workload,
        method="GET",
        operation_id="getWorkload",
        summary="Get a workload",
        responses=responses(200, WorkloadFormatted, 401, 404),
    )
    add_route(
        router,
        ITEM,
        delete_workload,
        method="DELETE",
        operation_id="deleteWorkload",
        summary="Soft-delete a workload",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, 409, description="Deleted."),
    )
    for action, endpoint in (("start", start_workload), ("stop", stop_workload)):
        add_route(
            router,
            f"/api/v2/console/workloads/{{workloadId}}/{action}",
            endpoint,
            method="POST",
            operation_id=f"{action}Workload",
            summary=f"{action.capitalize()} a workload",
            status_code=202,
            responses=responses(202, WorkloadFormatted, 401, 403, 404, 409),
        )
    return router
