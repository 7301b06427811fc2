"""The quickstart chain from a Pulumi YAML program, through the plugin, end to end.

`pulumi package add` of the plugin folder, then the same steps and the same planned
operations as the Python resources' e2e tests (tests/e2e/test_deployment_steps.py):
create, no changes, update in place, replacement of the chain, a check failure at
preview with zero API calls, destroy. Steps change stack config, not the program.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.plugin.programs import (
    ProjectSteps,
    plugin_project,
    walk_quickstart_chain,
)
from tests.support.server import ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e


@pytest.fixture
def yaml_stack(
    engine_bin: Path, api_server: ServerHandle, tmp_path: Path
) -> Iterator[ProjectSteps]:
    # PyYAML is not a dependency: plugin_project checks Pulumi.yaml as plain text.
    with plugin_project("yaml", "yaml", tmp_path, api_server.base_url) as (steps, _):
        yield steps


def test_yaml_quickstart_lifecycle(yaml_stack: ProjectSteps, server: ServerControls) -> None:
    stack = yaml_stack

    walk_quickstart_chain(stack, server)
