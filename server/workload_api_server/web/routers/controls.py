"""`/__test__/...`: controls for tests, mounted only with `--test-controls`.

They live outside /api/v2 because the real service has nothing like them, need no token,
and are left out of the OpenAPI document so API fuzzing never resets the server.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request

from workload_api_server.domain.api_variants import Variants
from workload_api_server.domain.validation import validate
from workload_api_server.schemas.controls import (
    ApiVariantConfig,
    FaultConfig,
    ForcedError,
    PlannedRolloutFailure,
)
from workload_api_server.services import workloads
from workload_api_server.web.body import strip_nulls
from workload_api_server.web.dispatch import in_session
from workload_api_server.web.routers.common import Body, Context, api_root
from workload_api_server.web.routing import add_route
from workload_api_server.web.views import json_response, workload_view

PREFIX = "/__test__"
_NO_OWNER = ""
WorkloadId = Annotated[str, Path(alias="workloadId")]


def reset(context: Context) -> Response:
    """Wipe every object, end every process, clear the request log and faults.

    Plain `def`, so it runs in a worker thread: ending processes and waiting for the
    database lock may take a while.
    """
    context.reset()
    return Response(status_code=204)


async def get_requests(context: Context) -> JSONResponse:
    """`{"total", "counts": {"METHOD /templated/path": n}, "entries": [...]}`."""
    return JSONResponse(context.request_log.snapshot())


async def clear_requests(context: Context) -> Response:
    """Lets a test count only the requests of the step it checks."""
    context.request_log.clear()
    return Response(status_code=204)


async def get_faults(context: Context) -> JSONResponse:
    """The fault configuration and the `injected` counts per kind."""
    return JSONResponse(context.faults.snapshot())


async def put_faults(body: Body, context: Context) -> JSONResponse:
    """Turn faults on (replacing any previous configuration)."""
    config = validate(FaultConfig, strip_nulls(body.json_object()))
    context.faults.configure(config)
    return JSONResponse(context.faults.snapshot())


async def delete_faults(context: Context) -> JSONResponse:
    """Turn faults off; the answer keeps the final counts."""
    context.faults.clear()
    return JSONResponse(context.faults.snapshot())


async def force_error(
    request: Request, workload_id: WorkloadId, body: Body, context: Context
) -> Response:
    """Make a workload `errored` with the given message and log tail."""
    forced = validate(ForcedError, strip_nulls(body.json_object()))
    state = await in_session(
        context,
        _NO_OWNER,
        lambda session: workloads.force_error(
            session, workload_id, forced.message, forced.log_tail
        ),
        uses_runtime=True,
    )
    return json_response(workload_view(state, api_root(request)))


async def get_rollout_failures(context: Context) -> JSONResponse:
    """Replacement failures still waiting for their replacement."""
    return JSONResponse({"pending": context.rollout_faults.pending()})


async def put_rollout_failures(body: Body, context: Context) -> JSONResponse:
    """The next `count` rolling replacements (of `workloadId`, or of any workload) fail
    with `message` once their candidate would start; the previous version keeps serving."""
    planned = validate(PlannedRolloutFailure, strip_nulls(body.json_object()))
    context.rollout_faults.plan(
        planned.message, workload_id=planned.workload_id, count=planned.count
    )
    return JSONResponse({"pending": context.rollout_faults.pending()})


async def delete_rollout_failures(context: Context) -> JSONResponse:
    """No more planned replacement failures."""
    context.rollout_faults.clear()
    return JSONResponse({"pending": []})


async def get_variants(context: Context) -> JSONResponse:
    """Which open questions of the current dialect are answered the other way."""
    return JSONResponse(context.variants.snapshot())


async def put_variants(body: Body, context: Context) -> JSONResponse:
    """Answer the open questions named in the body the other way (replacing any previous
    switches): docs/current-dialect.md, "When DataRobot answers the other way"."""
    config = validate(ApiVariantConfig, strip_nulls(body.json_object()))
    context.variants.set(Variants(**config.model_dump(by_alias=False)))
    return JSONResponse(context.variants.snapshot())


async def delete_variants(context: Context) -> JSONResponse:
    """Back to the documented answers."""
    context.variants.clear()
    return JSONResponse(context.variants.snapshot())


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router; only when test controls are enabled."""
    routes = (
        ("/reset", "POST", reset),
        ("/requests", "GET", get_requests),
        ("/requests", "DELETE", clear_requests),
        ("/faults", "GET", get_faults),
        ("/faults", "PUT", put_faults),
        ("/faults", "DELETE", delete_faults),
        ("/workloads/{workloadId}/error", "POST", force_error),
        ("/replacement-failures", "GET", get_rollout_failures),
        ("/replacement-failures", "PUT", put_rollout_failures),
        ("/replacement-failures", "DELETE", delete_rollout_failures),
        ("/variants", "GET", get_variants),
        ("/variants", "PUT", put_variants),
        ("/variants", "DELETE", delete_variants),
    )
    for path, method, endpoint in routes:
        add_route(
            router,
            f"{PREFIX}{path}",
            endpoint,
            method=method,
            operation_id=f"testControl_{endpoint.__name__}",
            summary=endpoint.__doc__ or "",
            status_code=204 if endpoint in (reset, clear_requests) else 200,
            include_in_schema=False,
        )
