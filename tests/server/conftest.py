"""Shared fixtures for the local Workload API server tests.

Most tests drive an in-process app (`create_app` on a temporary data directory) through
Starlette's test client; tests that need real sockets (faults, restarts, processes)
start the server as a subprocess through `workload_api_server.launcher`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

with warnings.catch_warnings():
    # Starlette nudges towards `httpx2`; the test client still works with httpx.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from workload_api_server.launcher import ServerHandle, running_server
from workload_api_server.settings import Settings
from workload_api_server.web.app import close_app, create_app, server_context

from tests.server.helpers import ALICE, GRANTS, TOKEN_SPECS, Api, FakeClock


@dataclass
class AppFactory:
    """Builds apps on fresh data directories and closes them all at teardown."""

    tmp_path: Path
    apps: list[Any]
    clients: list[TestClient]

    def __call__(self, **settings: Any) -> TestClient:
        settings.setdefault("data_dir", self.tmp_path / f"data-{len(self.apps)}")
        settings.setdefault("step_seconds", 0)
        settings.setdefault("test_controls", True)
        settings.setdefault("tokens", GRANTS)
        app = create_app(Settings(**settings))
        self.apps.append(app)
        # Entered once: one event loop thread for all requests, and the lifespan runs.
        client = TestClient(app, raise_server_exceptions=False).__enter__()
        self.clients.append(client)
        return client


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[AppFactory]:
    """`make_client(step_seconds=..., clock=...)` -> a TestClient on a new app."""
    factory = AppFactory(tmp_path, [], [])
    yield factory
    for made in factory.clients:
        made.__exit__(None, None, None)
    for app in factory.apps:
        close_app(app)


@pytest.fixture(scope="session")
def shared_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One default app for the session: building apps costs more than resetting one."""
    factory = AppFactory(tmp_path_factory.mktemp("shared"), [], [])
    yield factory()
    for made in factory.clients:
        made.__exit__(None, None, None)
    for app in factory.apps:
        close_app(app)


@pytest.fixture
def client(shared_client: TestClient) -> TestClient:
    """The default app (step 0, test controls, alice/bob tokens), reset to empty."""
    server_context(shared_client.app).reset()  # type: ignore[arg-type]
    return shared_client


@pytest.fixture
def api(client: TestClient) -> Api:
    """Alice (editor) on the default app."""
    return Api(client, ALICE)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed_api(make_client: AppFactory, clock: FakeClock) -> Api:
    """Alice on an app whose lifecycle steps take 10 fake seconds."""
    return Api(make_client(step_seconds=10, clock=clock), ALICE)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """One real server subprocess for the session; tests using it reset it first."""
    with running_server(tmp_path_factory.mktemp("live"), tokens=TOKEN_SPECS) as handle:
        yield handle


@pytest.fixture
def live_api(live_server: ServerHandle) -> Iterator[Api]:
    """Alice against the real server, reset to empty."""
    with httpx.Client(base_url=live_server.root_url, timeout=30) as http:
        response = http.post("/__test__/reset")
        assert response.status_code == 204, response.text
        yield Api(http, ALICE)
        http.delete("/__test__/faults")
