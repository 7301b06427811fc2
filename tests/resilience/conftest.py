"""Fixtures for the resilience tests: a private server per test, random tokens, CLI stacks.

Every test gets its own server subprocess and data directory, because the scenarios
disturb the server on purpose (faults, SIGKILL, odd lifecycle timings) and must not leak
into each other or into the e2e suite's shared server.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from workload_api_server.launcher import ServerHandle, running_server

from tests.resilience.cli import CliStack
from tests.support.engine import require_engine

OWNER = "resilience"
ServerFactory = Callable[..., ServerHandle]


def new_token() -> str:
    """A token nobody could mistake for anything else in a log or a state file."""
    return f"rz-{secrets.token_hex(16)}-tok"


@pytest.fixture
def token() -> str:
    return new_token()


@pytest.fixture
def start_server(tmp_path: Path, token: str) -> Iterator[ServerFactory]:
    """`start_server(step_seconds=...)` -> a running server (real subprocess, test controls
    on) whose only token is `token` (owner `resilience`, editor); stopped when the test
    ends."""
    stack = contextlib.ExitStack()
    started: list[ServerHandle] = []

    def factory(step_seconds: float = 0) -> ServerHandle:
        tokens = [f"{token}:{OWNER}:editor"]
        data = tmp_path / f"server-data-{len(started)}"
        handle: ServerHandle = stack.enter_context(
            running_server(data, step_seconds=step_seconds, test_controls=True, tokens=tokens)
        )
        started.append(handle)
        return handle

    with stack:
        yield factory


@pytest.fixture
def make_cli_stack(tmp_path: Path, token: str) -> Iterator[Callable[..., CliStack]]:
    """`make_cli_stack(server, chains=..., prefix=...)` -> a CLI stack of the resilience
    project wired to `server`. Nothing is destroyed afterwards: the server, its data and
    the stack's backend all live in this test's temporary folder and go with it. Runs a
    failed test left in the background are stopped."""
    require_engine()
    made: list[CliStack] = []

    def factory(server: ServerHandle, **config: str | int) -> CliStack:
        stack = CliStack.create(
            tmp_path / f"stack-{len(made)}",
            endpoint=server.base_url,
            token=token,
            config={k: str(v) for k, v in config.items()},
        )
        made.append(stack)
        return stack

    yield factory
    for stack in made:
        for run in stack.background:
            run.stop()
