"""The quickstart chain from a Pulumi YAML program, through the plugin, end to end.

`pulumi package add` of the plugin folder, then the same steps and the same planned
operations as the Python resources' e2e tests (tests/e2e/test_deployment_steps.py):
create, no changes, update in place, replacement of the chain, a check failure at
preview with zero API calls, destroy. Steps change stack config, not the program.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pulumi import automation as auto

from tests.plugin.programs import (
    PLUGIN_DIR,
    ProjectSteps,
    copy_example,
    package_add,
    require_language_host,
    walk_quickstart_chain,
)
from tests.support.engine import engine_env
from tests.support.server import TOKEN, ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e


@pytest.fixture
def yaml_stack(
    engine_bin: Path, api_server: ServerHandle, tmp_path: Path
) -> Iterator[ProjectSteps]:
    require_language_host("yaml")
    env = engine_env(tmp_path / "engine-state")
    work = copy_example("yaml", tmp_path)

    added = package_add(work, env)
    assert added.returncode == 0, added.stderr + added.stdout
    # The CLI recorded the plugin in the project (PyYAML is not a dependency: plain text).
    project = (work / "Pulumi.yaml").read_text()
    assert f"packages:\n  datarobot-workloads: {PLUGIN_DIR}\n" in project

    steps = ProjectSteps(work, env)
    steps.config("datarobot-workloads:endpoint", api_server.base_url)
    steps.config("datarobot-workloads:apikey", TOKEN, secret=True)
    yield steps
    # Best effort: the test may have failed half way, or destroyed already.
    with contextlib.suppress(auto.CommandError):
        steps.destroy()


def test_yaml_quickstart_lifecycle(yaml_stack: ProjectSteps, server: ServerControls) -> None:
    stack = yaml_stack

    walk_quickstart_chain(stack, server)
