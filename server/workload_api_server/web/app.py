"""The application factory: one self-contained app per `Settings`, no module state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.middleware import Middleware

from workload_api_server.settings import Settings
from workload_api_server.web.context import ServerContext
from workload_api_server.web.errors import install_error_handlers
from workload_api_server.web.middleware.body_limit import BodyLimitMiddleware
from workload_api_server.web.middleware.catch_all import CatchAllMiddleware
from workload_api_server.web.middleware.faults import FaultMiddleware
from workload_api_server.web.middleware.request_log import RequestLogMiddleware
from workload_api_server.web.openapi import build_openapi
from workload_api_server.web.routers import artifacts, controls, deployments, invoke, workloads
from workload_api_server.web.routers.current import artifacts as current_artifacts
from workload_api_server.web.routers.current import workloads as current_workloads

API_VERSION = "2.41"
DESCRIPTION = (
    "Local stand-in for the DataRobot Workload API in two dialects over one store: the "
    "older one (v2.41: /registry/artifacts, /console/workloads, /console/deployments) and "
    "the current one (/artifacts, /artifactRepositories, /workloads with rolling "
    "replacement), plus invoke, with each dialect's status codes and error bodies."
)


class WorkloadApiApp(FastAPI):
    """FastAPI with the hand-completed OpenAPI document (see `openapi`)."""

    def openapi(self) -> dict[str, Any]:
        """Built once, on first request for it."""
        if self.openapi_schema is None:
            self.openapi_schema = build_openapi(self)
        return self.openapi_schema


def server_context(app: FastAPI) -> ServerContext:
    """The context an app was built with (tests use it to close apps they made)."""
    context = app.state.context
    assert isinstance(context, ServerContext)
    return context


def create_app(settings: Settings) -> WorkloadApiApp:
    """Build the server for `settings`; the caller owns it and should `close_app` it."""
    context = ServerContext.open(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Children must not outlive the server; the database stays open until close_app,
        # so an app can be served, stopped and inspected.
        yield
        context.runtime.reset()

    app = WorkloadApiApp(
        title="Workload API (local)",
        version=API_VERSION,
        description=DESCRIPTION,
        openapi_url="/api/v2/openapi.json",
        docs_url="/api/v2/docs",
        redoc_url=None,
        redirect_slashes=False,
        lifespan=lifespan,
        middleware=_middleware(context),
        # No OpenTelemetry here; FastAPI would otherwise look for providers per request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.context = context
    install_error_handlers(app)
    for routes in _routers(settings):
        routes.add_routes(app.router)
    if settings.test_controls:
        controls.add_routes(app.router)
    return app


def _routers(settings: Settings) -> list[Any]:
    """Each dialect's routers, unless narrowed to one; invoke serves both on one path."""
    chosen: list[Any] = []
    if settings.dialects in ("both", "older"):
        chosen.extend((artifacts, workloads, deployments))
    if settings.dialects in ("both", "current"):
        chosen.extend((current_artifacts, current_workloads))
    chosen.append(invoke)
    return chosen


def _middleware(context: ServerContext) -> list[Middleware]:
    """The request log and faults are only read and set through the test controls, so
    without them nobody could see or use either, and their cost per request is skipped."""
    body_limit = Middleware(BodyLimitMiddleware, max_bytes=context.settings.max_body_bytes)
    catch_all = Middleware(CatchAllMiddleware)
    if not context.settings.test_controls:
        return [body_limit, catch_all]
    return [
        Middleware(RequestLogMiddleware, log=context.request_log),
        body_limit,
        Middleware(FaultMiddleware, injector=context.faults),
        catch_all,
    ]


def close_app(app: FastAPI) -> None:
    """End child processes and close the database."""
    server_context(app).close()
