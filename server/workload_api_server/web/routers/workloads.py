"""`/api/v2/console/workloads/`: create, list, get, delete, start, stop."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.schemas.workloads import WorkloadCreate, WorkloadFormatted, WorkloadList
from workload_api_server.services import workloads
from workload_api_server.services.workloads import WorkloadState
from workload_api_server.web.auth import Editor, Reader
from workload_api_server.web.context import Session
from workload_api_server.web.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.web.openapi import created, json_body, responses, with_created
from workload_api_server.web.routers.common import Body, api_root, item_url
from workload_api_server.web.routing import add_route
from workload_api_server.web.views import json_response, workload_view

COLLECTION = "/api/v2/console/workloads/"
ITEM = "/api/v2/console/workloads/{workloadId}/"
WorkloadId = Annotated[str, Path(alias="workloadId")]
TAGS = ("workloads",)


async def create_workload(request: Request, caller: Editor, body: Body) -> Response:
    """Answers `submitted` right away; the status then moves on with time, no polling needed."""
    state = await caller.run(lambda session: workloads.create(session, body), uses_runtime=True)
    response = json_response(workload_view(state, api_root(request)), status_code=201)
    response.headers["Location"] = item_url(request, COLLECTION, state.record.id)
    return response


async def list_workloads(request: Request, caller: Reader) -> JSONResponse:
    """Statuses are computed at the time of the answer, as on a single GET."""
    query = parse_list_query(request.query_params)

    def work(session: Session) -> tuple[list[WorkloadState], int]:
        page, total = select(workloads.list_all(session), query)
        return [workloads.state_of(session, record) for record in page], total

    states, total = await caller.run(work, uses_runtime=True)
    root = api_root(request)
    views = [workload_view(state, root) for state in states]
    return JSONResponse(envelope(request.url, query, views, total))


async def get_workload(request: Request, workload_id: WorkloadId, caller: Reader) -> Response:
    """The status is derived now; `updatedAt` moves only when the API changes the workload."""
    state = await caller.run(
        lambda session: workloads.state_of(session, workloads.require(session, workload_id)),
        uses_runtime=True,
    )
    return json_response(workload_view(state, api_root(request)))


async def delete_workload(workload_id: WorkloadId, caller: Editor) -> Response:
    """Soft delete that also ends what runs; 409 while a deployment points at the workload."""
    await caller.run(lambda session: workloads.delete(session, workload_id), uses_runtime=True)
    return Response(status_code=204)


async def start_workload(request: Request, workload_id: WorkloadId, caller: Editor) -> Response:
    """From stopped or errored only; picks up the artifact's current spec (202, then 409s)."""
    state = await caller.run(
        lambda session: workloads.start(session, workload_id), uses_runtime=True
    )
    return json_response(workload_view(state, api_root(request)), status_code=202)


async def stop_workload(request: Request, workload_id: WorkloadId, caller: Editor) -> Response:
    """Idempotent while stopping or stopped, so retries are safe; 409 on an errored workload."""
    state = await caller.run(
        lambda session: workloads.stop(session, workload_id), uses_runtime=True
    )
    return json_response(workload_view(state, api_root(request)), status_code=202)


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router (see `routing`), so apps never share route state."""
    add_route(
        router,
        COLLECTION,
        create_workload,
        method="POST",
        tags=TAGS,
        operation_id="createWorkload",
        summary="Create a workload from an artifact ID or an inline artifact",
        status_code=201,
        responses=with_created(
            responses(201, WorkloadFormatted, 400, 401, 403, 422),
            201,
            created(
                {
                    "GetWorkload": "getWorkload",
                    "StopWorkload": "stopWorkload",
                    "StartWorkload": "startWorkload",
                    "DeleteWorkload": "deleteWorkload",
                },
                "workloadId",
                bodies={
                    "CreateDeployment": (
                        "createDeployment",
                        {"name": "linked", "workloadId": "$response.body#/id"},
                    )
                },
            ),
        ),
        openapi_extra=json_body(WorkloadCreate),
    )
    add_route(
        router,
        COLLECTION,
        list_workloads,
        method="GET",
        tags=TAGS,
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
        tags=TAGS,
        operation_id="getWorkload",
        summary="Get a workload",
        responses=responses(200, WorkloadFormatted, 401, 404),
    )
    add_route(
        router,
        ITEM,
        delete_workload,
        method="DELETE",
        tags=TAGS,
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
            tags=TAGS,
            operation_id=f"{action}Workload",
            summary=f"{action.capitalize()} a workload",
            status_code=202,
            responses=responses(202, WorkloadFormatted, 401, 403, 404, 409),
        )
