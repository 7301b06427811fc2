"""`/api/v2/endpoints/{workloads|deployments}/{id}/...`: invoking a running workload.

Any method is accepted (invoking is not a write, so viewers may), on the bare base with
or without its slash and on any app path below it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response
from starlette.requests import Request

from workload_api_server.domain.ids import is_id
from workload_api_server.runtime.base import AppRequest, AppResponse
from workload_api_server.services import deployments, invoke
from workload_api_server.store import workloads as workload_store
from workload_api_server.web.auth import Reader
from workload_api_server.web.body import RequestBody
from workload_api_server.web.context import open_session
from workload_api_server.web.errors import ApiError, NotFound
from workload_api_server.web.openapi import responses
from workload_api_server.web.routers.common import Body

WORKLOADS_PREFIX = "/api/v2/endpoints/workloads"
DEPLOYMENTS_PREFIX = "/api/v2/endpoints/deployments"
DOCUMENTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ALL_METHODS = (*DOCUMENTED_METHODS, "HEAD", "OPTIONS")
WorkloadId = Annotated[str, Path(alias="workloadId")]
DeploymentId = Annotated[str, Path(alias="deploymentId")]
TAGS = ("invoke",)


def _app_request(
    request: Request, prefix: str, body: RequestBody, deployment_id: str | None
) -> AppRequest:
    """Strip the external prefix: the app sees its own path, and the prefix in a header."""
    path = request.scope["path"]
    app_path = path[len(prefix) :] if path.startswith(prefix) else path
    raw = bytes(request.scope.get("raw_path") or path.encode()).decode("latin-1")
    raw_app_path = raw[len(prefix) :] if raw.startswith(prefix) else app_path
    return AppRequest(
        method=request.method,
        path=app_path or "/",
        raw_path=raw_app_path or "/",
        query_string=bytes(request.scope.get("query_string", b"")),
        headers=list(request.headers.items()),
        body=body.raw,
        prefix=prefix,
        deployment_id=deployment_id,
    )


def _relay(reply: AppResponse) -> Response:
    response = Response(content=reply.body, status_code=reply.status_code)
    response.raw_headers.extend((name.lower(), value) for name, value in reply.headers)
    return response


def invoke_workload(
    request: Request, workload_id: WorkloadId, caller: Reader, body: Body
) -> Response:
    """Through the workload's own endpoint; not counted in any deployment's stats."""
    prefix = f"{WORKLOADS_PREFIX}/{workload_id}"
    app_request = _app_request(request, prefix, body, None)
    if caller.context.settings.dialects == "current":
        request.state.dialect = "current"
    with open_session(caller.context, caller.owner) as session:
        record = workload_store.fetch(session.conn, caller.owner, workload_id, None)
        if record is None or not is_id(workload_id):
            raise NotFound("Workload not found.")
        # Errors from here on are in the workload's own dialect's shape.
        request.state.dialect = record.dialect
        outcome = invoke.running_target(session, record)
    if isinstance(outcome, ApiError):
        raise outcome
    return _relay(caller.context.runtime.invoke(outcome, app_request))


def invoke_deployment(
    request: Request, deployment_id: DeploymentId, caller: Reader, body: Body
) -> Response:
    """Through the deployment; every answer after the lookup is counted in its stats."""
    started = time.perf_counter()
    prefix = f"{DEPLOYMENTS_PREFIX}/{deployment_id}"
    app_request = _app_request(request, prefix, body, deployment_id)
    with open_session(caller.context, caller.owner) as session:
        deployment = deployments.require(session, deployment_id)
        outcome = invoke.deployment_target(session, deployment)
    status = 500
    try:
        if isinstance(outcome, ApiError):
            raise outcome
        reply = caller.context.runtime.invoke(outcome, app_request)
        status = reply.status_code
        return _relay(reply)
    except ApiError as exc:
        status = exc.status_code
        raise
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        with open_session(caller.context, caller.owner) as session:
            deployments.record_invocation(session, deployment.id, status, elapsed_ms)


def _add_invoke_routes(
    router: APIRouter, prefix: str, id_name: str, endpoint: Callable[..., Any], noun: str
) -> None:
    base = f"{prefix}/{{{id_name}}}"
    below = f"{base}/{{appPath:path}}"
    app_path_parameter = {
        "name": "appPath",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "The app's own path; forwarded without the external prefix.",
    }
    documented = responses(200, None, 401, 404, 502, 503, 504, description="The app's answer.")
    documented["default"] = {"description": "Whatever the workload's app answers."}
    for method in DOCUMENTED_METHODS:
        router.add_api_route(
            below,
            endpoint,
            methods=[method],
            operation_id=f"invoke{noun}{method.capitalize()}",
            summary=f"Invoke a {noun.lower()} ({method})",
            response_model=None,
            response_class=Response,
            responses=documented,
            tags=list(TAGS),
            openapi_extra={"parameters": [app_path_parameter]},
        )
    # The undocumented spellings share one route each: fewer routes, faster app builds.
    hidden = ((below, ALL_METHODS[len(DOCUMENTED_METHODS) :]), (base, ALL_METHODS))
    for path, methods in (*hidden, (f"{base}/", ALL_METHODS)):
        router.add_api_route(
            path,
            endpoint,
            methods=list(methods),
            response_model=None,
            response_class=Response,
            include_in_schema=False,
            tags=list(TAGS),
        )


def add_routes(router: APIRouter) -> None:
    """Onto the app's own router (see `routing`), so apps never share route state."""
    _add_invoke_routes(router, WORKLOADS_PREFIX, "workloadId", invoke_workload, "Workload")
    _add_invoke_routes(router, DEPLOYMENTS_PREFIX, "deploymentId", invoke_deployment, "Deployment")
