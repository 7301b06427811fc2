"""`/api/v2/workloads` (current dialect): CRUD, start/stop, settings, replacement,
promote and history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.schemas.current.workloads import (
    CurrentActionResult,
    CurrentReplacementCreate,
    CurrentReplacementList,
    CurrentRuntime,
    CurrentSettings,
    CurrentSettingsPatch,
    CurrentWorkloadCreate,
    CurrentWorkloadList,
    CurrentWorkloadPatch,
    Replacement,
    Workload,
)
from workload_api_server.services.current import rollouts, workloads
from workload_api_server.services.current.late_deletes import delete_later
from workload_api_server.services.current.workloads import CurrentState
from workload_api_server.web.auth import Editor, Reader
from workload_api_server.web.context import Session
from workload_api_server.web.current_listing import (
    HISTORY_STYLE,
    IMPORTANCE_RANK,
    WORKLOAD_STYLE,
    Row,
    filter_parameters,
    kept,
    search_matches,
)
from workload_api_server.web.current_views import replacement_view, workload_view
from workload_api_server.web.errors import NotFound
from workload_api_server.web.listing import envelope, openapi_parameters, parse_list_query, select
from workload_api_server.web.openapi import created, json_body, ref, responses, with_created
from workload_api_server.web.routers.common import Body, api_root, item_url
from workload_api_server.web.routing import add_route
from workload_api_server.web.views import json_response

COLLECTION = "/api/v2/workloads/"
ITEM = "/api/v2/workloads/{workloadId}/"
WorkloadId = Annotated[str, Path(alias="workloadId")]
TAGS = ("current: workloads",)
WORKLOAD_FILTERS = ("status", "importance", "artifactId", "repositoryId", "artifactStatus")


def _item_url(request: Request, workload_id: str) -> str:
    return item_url(request, COLLECTION, workload_id)


async def create_workload(request: Request, caller: Editor, body: Body) -> Response:
    """201 `submitted`; the status then moves on with time."""
    state = await caller.run(lambda session: workloads.create(session, body), uses_runtime=True)
    response = json_response(workload_view(state, api_root(request)), status_code=201)
    response.headers["Location"] = _item_url(request, state.record.id)
    return response


def _row(view: Workload, seq: int) -> Row:
    artifact = view.artifact
    return Row(
        seq=seq,
        id=view.id,
        name=view.name,
        description=view.description,
        created_at=view.created_at,
        updated_at=view.updated_at,
        status=view.status,
        view=view,
        importance_rank=IMPORTANCE_RANK[view.importance],
        facets={
            "status": view.status,
            "importance": view.importance,
            "artifactId": view.artifact_id,
            "repositoryId": artifact.artifact_repository_id if artifact else None,
            "artifactStatus": artifact.status if artifact else None,
        },
    )


async def list_workloads(request: Request, caller: Reader) -> JSONResponse:
    """Statuses (and replacements) are brought up to date for the answer."""
    query = parse_list_query(request.query_params, WORKLOAD_STYLE)
    root = api_root(request)

    def work(session: Session) -> tuple[list[Row], int]:
        rows = [
            _row(workload_view(workloads.state_of(session, record), root), record.seq)
            for record in workloads.list_all(session)
        ]
        return select(kept(rows, request.query_params, WORKLOAD_FILTERS), query, search_matches)

    page, total = await caller.run(work, uses_runtime=True)
    return JSONResponse(envelope(request.url, query, [row.view for row in page], total))


async def _state(caller: Reader | Editor, workload_id: str) -> CurrentState:
    return await caller.run(
        lambda session: workloads.state_of(session, workloads.require(session, workload_id)),
        uses_runtime=True,
    )


async def get_workload(request: Request, workload_id: WorkloadId, caller: Reader) -> Response:
    """Status derived now; a replacement in progress moves on."""
    return json_response(workload_view(await _state(caller, workload_id), api_root(request)))


async def patch_workload(
    request: Request, workload_id: WorkloadId, caller: Editor, body: Body
) -> Response:
    """Name, description, importance; nothing else (422)."""
    state = await caller.run(
        lambda session: workloads.patch(session, workload_id, body), uses_runtime=True
    )
    return json_response(workload_view(state, api_root(request)))


async def delete_workload(workload_id: WorkloadId, caller: Editor) -> Response:
    """204, and 404 from then on; its processes end. (With the test control's
    `deleteSeconds`: 202, and 404 only that long after.)"""
    later = caller.context.variants.current.delete_seconds
    if later > 0:
        await caller.run(lambda session: workloads.require(session, workload_id))
        delete_later(caller.context, caller.owner, workload_id, later)
        return JSONResponse({"detail": "Deletion accepted."}, status_code=202)
    await caller.run(lambda session: workloads.delete(session, workload_id), uses_runtime=True)
    return Response(status_code=204)


def _action(request: Request, state: CurrentState, acted: bool, verb: str) -> Response:
    text = f"{verb} accepted" if acted else f"already {state.status}"
    result = CurrentActionResult(
        status=text, workload_id=state.record.id, track_via=_item_url(request, state.record.id)
    )
    return json_response(result, status_code=202 if acted else 200)


async def start_workload(request: Request, workload_id: WorkloadId, caller: Editor) -> Response:
    """202 from stopped (or terminated); 200 when already started; 409 otherwise."""
    state, acted = await caller.run(
        lambda session: workloads.start(session, workload_id), uses_runtime=True
    )
    return _action(request, state, acted, "start")


async def stop_workload(request: Request, workload_id: WorkloadId, caller: Editor) -> Response:
    """202, then stopping -> stopped; 200 when already stopping or stopped."""
    state, acted = await caller.run(
        lambda session: workloads.stop(session, workload_id), uses_runtime=True
    )
    return _action(request, state, acted, "stop")


async def get_settings(workload_id: WorkloadId, caller: Reader) -> Response:
    """The runtime the workload serves with."""
    state = await _state(caller, workload_id)
    runtime = CurrentRuntime.model_validate(state.record.runtime)
    return json_response(CurrentSettings(runtime=runtime))


async def patch_settings(workload_id: WorkloadId, caller: Editor, body: Body) -> Response:
    """A new runtime rolls out as a replacement onto the same artifact (202); 409 while
    another replacement is in progress."""

    def work(session: Session) -> Replacement:
        state = workloads.state_of(session, workloads.require(session, workload_id))
        rollout = rollouts.change_settings(session, state.record, state.status, body)
        return replacement_view(rollout.to_document())

    return json_response(await caller.run(work, uses_runtime=True), status_code=202)


async def create_replacement(
    request: Request, workload_id: WorkloadId, caller: Editor, body: Body
) -> Response:
    """Rolling replacement onto another artifact (and runtime): 202; 409 while another is
    in progress or across draft and locked."""

    def work(session: Session) -> Replacement:
        state = workloads.state_of(session, workloads.require(session, workload_id))
        rollout = rollouts.request(session, state.record, state.status, body)
        return replacement_view(rollout.to_document())

    response = json_response(await caller.run(work, uses_runtime=True), status_code=202)
    response.headers["Location"] = f"{_item_url(request, workload_id)}/replacement"
    return response


async def get_replacement(workload_id: WorkloadId, caller: Reader) -> Response:
    """The replacement in progress, failed, or just completed; 404 when there is none."""

    def work(session: Session) -> Replacement:
        state = workloads.state_of(session, workloads.require(session, workload_id))
        if state.record.replacement is None:
            raise NotFound("No replacement for this workload.")
        return replacement_view(state.record.replacement)

    return json_response(await caller.run(work, uses_runtime=True))


async def delete_replacement(workload_id: WorkloadId, caller: Editor) -> Response:
    """Cancel one in progress (the previous version keeps serving) or clear a settled one."""

    def work(session: Session) -> Replacement:
        state = workloads.state_of(session, workloads.require(session, workload_id))
        return replacement_view(rollouts.delete(session, state.record).to_document())

    return json_response(await caller.run(work, uses_runtime=True), status_code=202)


async def promote_workload(request: Request, workload_id: WorkloadId, caller: Editor) -> Response:
    """Lock the running draft in place (no restart); 422 when that does not apply."""

    def work(session: Session) -> CurrentState:
        state = workloads.state_of(session, workloads.require(session, workload_id))
        record = rollouts.promote(session, state.record, state.status)
        return workloads.state_of(session, record)

    state = await caller.run(work, uses_runtime=True)
    return json_response(workload_view(state, api_root(request)), status_code=202)


async def get_history(request: Request, workload_id: WorkloadId, caller: Reader) -> JSONResponse:
    """Settled replacements and promotions, newest first unless `orderBy` says otherwise."""
    query = parse_list_query(request.query_params, HISTORY_STYLE)

    def work(session: Session) -> tuple[list[Row], int]:
        record = workloads.require(session, workload_id)
        rows = []
        for seq, document in enumerate(rollouts.history(session, record)):
            view = replacement_view(document)
            rows.append(
                Row(
                    seq, view.id, view.name, "", view.created_at, view.updated_at, view.status, view
                )
            )
        return select(rows, query)

    page, total = await caller.run(work)
    return JSONResponse(envelope(request.url, query, [row.view for row in page], total))


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router (see `routing`)."""
    links = created(
        {
            "GetWorkload": "currentGetWorkload",
            "PatchWorkload": "currentPatchWorkload",
            "StopWorkload": "currentStopWorkload",
            "ReplaceWorkload": "currentCreateReplacement",
            "DeleteWorkload": "currentDeleteWorkload",
        },
        "workloadId",
        item_bodies={
            "ReplaceWorkload": {"artifactId": "$response.body#/artifactId", "strategy": "rolling"}
        },
    )
    item = f"{COLLECTION}{{workloadId}}"
    add_route(
        router,
        COLLECTION,
        create_workload,
        method="POST",
        tags=TAGS,
        operation_id="currentCreateWorkload",
        summary="Create a workload from an artifact ID or an inline artifact",
        status_code=201,
        responses=with_created(
            responses(201, Workload, 400, 401, 403, 404, 409, 422, current=True), 201, links
        ),
        openapi_extra=json_body(CurrentWorkloadCreate),
    )
    add_route(
        router,
        COLLECTION,
        list_workloads,
        method="GET",
        tags=TAGS,
        operation_id="currentListWorkloads",
        summary="List workloads",
        responses=responses(200, CurrentWorkloadList, 401, 422, current=True),
        openapi_extra={
            "parameters": [
                *openapi_parameters(WORKLOAD_STYLE),
                *filter_parameters(*WORKLOAD_FILTERS),
            ]
        },
    )
    add_route(
        router,
        ITEM,
        get_workload,
        method="GET",
        tags=TAGS,
        operation_id="currentGetWorkload",
        summary="Get a workload",
        responses=responses(200, Workload, 401, 404, current=True),
    )
    add_route(
        router,
        ITEM,
        patch_workload,
        method="PATCH",
        tags=TAGS,
        operation_id="currentPatchWorkload",
        summary="Change a workload's name, description or importance",
        responses=responses(200, Workload, 400, 401, 403, 404, 422, current=True),
        openapi_extra=json_body(CurrentWorkloadPatch),
    )
    add_route(
        router,
        ITEM,
        delete_workload,
        method="DELETE",
        tags=TAGS,
        operation_id="currentDeleteWorkload",
        summary="Delete a workload",
        status_code=204,
        responses=responses(204, None, 401, 403, 404, description="Deleted.", current=True),
    )
    for action, endpoint in (("start", start_workload), ("stop", stop_workload)):
        add_route(
            router,
            f"{item}/{action}",
            endpoint,
            method="POST",
            tags=TAGS,
            operation_id=f"current{action.capitalize()}Workload",
            summary=f"{action.capitalize()} a workload (200 when there already)",
            status_code=202,
            responses={
                **responses(202, CurrentActionResult, 401, 403, 404, 409, current=True),
                200: {
                    "description": "Already there; nothing changed.",
                    "content": {"application/json": {"schema": ref(CurrentActionResult)}},
                },
            },
        )
    add_route(
        router,
        f"{item}/settings",
        get_settings,
        method="GET",
        tags=TAGS,
        operation_id="currentGetWorkloadSettings",
        summary="Get a workload's runtime settings",
        responses=responses(200, CurrentSettings, 401, 404, current=True),
    )
    add_route(
        router,
        f"{item}/settings",
        patch_settings,
        method="PATCH",
        tags=TAGS,
        operation_id="currentPatchWorkloadSettings",
        summary="Roll out a new runtime (a replacement onto the same artifact)",
        status_code=202,
        responses=responses(202, Replacement, 400, 401, 403, 404, 409, 422, current=True),
        openapi_extra=json_body(CurrentSettingsPatch),
    )
    add_route(
        router,
        f"{item}/replacement",
        create_replacement,
        method="POST",
        tags=TAGS,
        operation_id="currentCreateReplacement",
        summary="Start a rolling replacement onto another artifact",
        status_code=202,
        responses=with_created(
            responses(202, Replacement, 400, 401, 403, 404, 409, 422, current=True),
            202,
            created(
                {
                    "GetReplacement": "currentGetReplacement",
                    "DeleteReplacement": "currentDeleteReplacement",
                },
                "workloadId",
                source="$response.body#/workloadId",
            ),
        ),
        openapi_extra=json_body(CurrentReplacementCreate),
    )
    add_route(
        router,
        f"{item}/replacement",
        get_replacement,
        method="GET",
        tags=TAGS,
        operation_id="currentGetReplacement",
        summary="Get the workload's replacement (404 when none)",
        responses=responses(200, Replacement, 401, 404, current=True),
    )
    add_route(
        router,
        f"{item}/replacement",
        delete_replacement,
        method="DELETE",
        tags=TAGS,
        operation_id="currentDeleteReplacement",
        summary="Cancel or clear the workload's replacement",
        status_code=202,
        responses=responses(202, Replacement, 401, 403, 404, current=True),
    )
    add_route(
        router,
        f"{item}/promote",
        promote_workload,
        method="POST",
        tags=TAGS,
        operation_id="currentPromoteWorkload",
        summary="Lock a running draft workload's artifact in place",
        status_code=202,
        responses=responses(202, Workload, 401, 403, 404, 422, current=True),
    )
    add_route(
        router,
        f"{item}/history",
        get_history,
        method="GET",
        tags=TAGS,
        operation_id="currentGetWorkloadHistory",
        summary="List the workload's settled replacements and promotions",
        responses=responses(200, CurrentReplacementList, 401, 404, 422, current=True),
        openapi_extra={"parameters": openapi_parameters(HISTORY_STYLE)},
    )
