"""Fixtures for end-to-end tests: the real engine, the local server, one stack per test."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.engine import engine_env, require_engine
from tests.support.server import TOKEN, ServerControls
from tests.support.stacks import StackSteps

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

# A failure is reported even when this interpreter cannot render it (see the module).
pytest_plugins = ["tests.failure_reports"]


@pytest.fixture(scope="session")
def engine_bin() -> Path:
    return require_engine()


@pytest.fixture(scope="session")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """One local server for the session, with instant lifecycle steps and test controls."""
    from workload_api_server.launcher import running_server

    data_dir = tmp_path_factory.mktemp("workload-api")
    with running_server(data_dir, step_seconds=0, test_controls=True) as handle:
        yield handle


@pytest.fixture
def server(api_server: ServerHandle) -> Iterator[ServerControls]:
    controls = ServerControls(api_server.root_url, api_server.base_url)
    controls.clear_faults()
    yield controls
    controls.clear_faults()


StackFactory = Callable[..., StackSteps]


@pytest.fixture
def make_stack(
    engine_bin: Path, api_server: ServerHandle, tmp_path: Path
) -> Iterator[StackFactory]:
    """Builds stacks wired to the local server; destroys what is left when the test ends."""
    made: list[StackSteps] = []

    def factory(
        name: str = "test", *, base_url: str | None = None, token: str = TOKEN
    ) -> StackSteps:
        work = tmp_path / f"stack-{name}"
        work.mkdir(exist_ok=True)
        env = engine_env(tmp_path / "engine-state")
        config = {
            "datarobot:endpoint": (base_url or api_server.base_url, False),
            "datarobot:apikey": (token, True),
        }
        steps = StackSteps(work, env, config, stack_name=name)
        made.append(steps)
        return steps

    yield factory
    for steps in made:
        # Best effort: the test may have failed half way, or destroyed already.
        with contextlib.suppress(Exception):
            steps.destroy()
