"""Point 4 of issue 6: invalid programs fail at `pulumi preview`, name the property, and
make zero API calls (the server's request log is the witness).

One stack (Automation API, inline programs) previews each mistake of mistakes.py in turn:
25 kinds in the bounded run, all of them with RESILIENCE_LONG=1. "Registering then
editing" needs an artifact that is already registered, so it has its own test: `up` a
registered artifact, then preview an edit of its spec that is invalid. (A valid spec edit
of a registered artifact is not a mistake: it is a replacement, a new version, by design.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_datarobot_workloads import Artifact
from workload_api_server.launcher import ServerHandle, running_server

from tests.resilience.conftest import OWNER, new_token
from tests.resilience.controls import Controls
from tests.resilience.figures import long_variant, record
from tests.resilience.mistakes import C0, MISTAKES, Mistake, container, spec
from tests.support.engine import engine_env, require_engine
from tests.support.stacks import StackSteps

pytestmark = pytest.mark.e2e
SELECTED = [m for m in MISTAKES if m.core or long_variant()]


@dataclass
class Previewer:
    """One server and one stack shared by every mistake (a stack per mistake would cost
    seconds each for nothing: preview of a new resource changes no state)."""

    server: ServerHandle
    controls: Controls
    token: str
    work: Path

    def stack(self, name: str) -> StackSteps:
        config = {
            "datarobot:endpoint": (self.server.base_url, False),
            "datarobot:apikey": (self.token, True),
        }
        work = self.work / name
        work.mkdir()
        return StackSteps(work, engine_env(self.work / "engine"), config, stack_name=name)


@pytest.fixture(scope="module")
def previewer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Previewer]:
    require_engine()
    token = new_token()
    work = tmp_path_factory.mktemp("bad-input")
    with running_server(work / "data", tokens=[f"{token}:{OWNER}:editor"]) as server:
        controls = Controls(server.root_url, server.base_url, token)
        yield Previewer(server, controls, token, work)


@pytest.fixture(scope="module")
def shared_stack(previewer: Previewer) -> StackSteps:
    return previewer.stack("mistakes")


def assert_rejected_at_preview(
    stack: StackSteps, controls: Controls, mistake: Mistake, scenario: str
) -> None:
    controls.clear_requests()
    with pytest.raises(auto.CommandError) as failed:
        stack.preview(mistake.program)
    message = str(failed.value)
    calls = controls.total_requests()
    record("invalid_programs_rejected", 1, scenario=scenario, mistake=mistake.name)
    record("rejected_preview_api_calls", calls, scenario=scenario, mistake=mistake.name)
    assert f"property {mistake.path} " in message, message[-3000:]
    assert mistake.reason in message, message[-3000:]
    assert calls == 0, controls.entries()


def test_at_least_25_kinds_of_mistake_are_covered() -> None:
    assert len({m.name for m in MISTAKES if m.core}) >= 25
    assert len({m.name for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize("mistake", SELECTED, ids=[m.name for m in SELECTED])
def test_invalid_program_fails_at_preview_without_api_calls(
    mistake: Mistake, shared_stack: StackSteps, previewer: Previewer
) -> None:
    assert_rejected_at_preview(shared_stack, previewer.controls, mistake, "bad input")


def test_registering_then_editing_invalidly_fails_at_preview(previewer: Previewer) -> None:
    stack = previewer.stack("registered-edit")
    registered = spec(container())

    def program() -> None:
        Artifact("artifact", name="registered", status="registered", spec=registered)

    stack.up(program)
    broken = spec(container(port=80))

    def edited() -> None:
        Artifact("artifact", name="registered", status="registered", spec=broken)

    mistake = Mistake("registering-then-editing", edited, f"{C0}.port", "1024")
    assert_rejected_at_preview(stack, previewer.controls, mistake, "bad input")
    # The registered artifact is untouched, and the valid program still has no changes.
    assert stack.preview(program).changed() == {}
