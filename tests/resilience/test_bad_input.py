"""Invalid programs fail at `pulumi preview`, name the property, and
make zero API calls (the server's request log is the witness).

One stack of the mistakes project (tests/resilience/mistakes_project) previews each
mistake of mistakes.py in turn, with the `pulumi` CLI: 25 kinds in the bounded run, all of
them with RESILIENCE_LONG=1. Each preview runs its program in a process of its own, as a
user's does. "Registering then editing" needs an artifact that is already registered, so
it has its own test: `up` a registered artifact, then preview an edit of its spec that is
invalid. (A valid spec edit of a registered artifact is not a mistake: it is a
replacement, a new version, by design.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from workload_api_server.launcher import ServerHandle, running_server

from tests.resilience.cli import MISTAKES_PROJECT, CliStack
from tests.resilience.conftest import OWNER, new_token
from tests.resilience.controls import Controls
from tests.resilience.figures import long_variant, record
from tests.resilience.mistakes import MISTAKES, REGISTERED, REGISTERED_EDIT, Mistake
from tests.support.engine import require_engine

pytestmark = pytest.mark.e2e
SELECTED = [m for m in MISTAKES if m.core or long_variant()]


@dataclass
class Previewer:
    """One server shared by every mistake, and a stack of the mistakes project on it."""

    server: ServerHandle
    controls: Controls
    token: str
    work: Path

    def stack(self, name: str) -> CliStack:
        return CliStack.create(
            self.work / name,
            endpoint=self.server.base_url,
            token=self.token,
            source=MISTAKES_PROJECT,
        )


@pytest.fixture(scope="module")
def previewer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Previewer]:
    require_engine()
    token = new_token()
    work = tmp_path_factory.mktemp("bad-input")
    with running_server(work / "data", tokens=[f"{token}:{OWNER}:editor"]) as server:
        controls = Controls(server.root_url, server.base_url, token)
        yield Previewer(server, controls, token, work)


@pytest.fixture(scope="module")
def shared_stack(previewer: Previewer) -> CliStack:
    """One stack for every mistake (one per mistake would cost seconds each for nothing:
    a preview of new resources changes no state)."""
    return previewer.stack("mistakes")


def preview(stack: CliStack, program: str, *extra: str, ok: bool) -> str:
    """`pulumi preview` of the program named `program`; returns what the CLI printed."""
    return stack.run("preview", f"--config=mistakes:program={program}", *extra, ok=ok).output


def assert_rejected_at_preview(
    stack: CliStack, controls: Controls, mistake: Mistake, scenario: str
) -> None:
    controls.clear_requests()
    message = preview(stack, mistake.name, ok=False)
    calls = controls.total_requests()
    record("invalid_programs_rejected", 1, scenario=scenario, mistake=mistake.name)
    record("rejected_preview_api_calls", calls, scenario=scenario, mistake=mistake.name)
    assert stack.runs[-1].returncode != 0, message[-3000:]
    assert f"property {mistake.path} " in message, message[-3000:]
    # The engine cancels the program once a check fails; the program ends quietly.
    assert "Traceback" not in message and "KeyboardInterrupt" not in message, message[-3000:]
    assert mistake.reason in message, message[-3000:]
    assert calls == 0, controls.entries()


def test_at_least_25_kinds_of_mistake_are_covered() -> None:
    assert len({m.name for m in MISTAKES if m.core}) >= 25
    assert len({m.name for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize("mistake", SELECTED, ids=[m.name for m in SELECTED])
def test_invalid_program_fails_at_preview_without_api_calls(
    mistake: Mistake, shared_stack: CliStack, previewer: Previewer
) -> None:
    assert_rejected_at_preview(shared_stack, previewer.controls, mistake, "bad input")


def test_registering_then_editing_invalidly_fails_at_preview(previewer: Previewer) -> None:
    stack = previewer.stack("registered-edit")
    stack.up(config={"mistakes:program": REGISTERED})
    assert_rejected_at_preview(stack, previewer.controls, REGISTERED_EDIT, "bad input")
    # The registered artifact is untouched, and the valid program still has no changes.
    preview(stack, REGISTERED, "--expect-no-changes", ok=True)
