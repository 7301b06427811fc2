"""The quickstart chain from a TypeScript program, through the plugin's generated SDK.

`pulumi package add` of the plugin folder generates the TypeScript SDK with our Node.js
language host (engine/nodejs-host), links it into package.json and runs `npm install`;
then the same steps and planned operations as the YAML program
(tests/plugin/test_yaml_program.py) and the Python resources' e2e tests: create, no
changes, update in place, replacement of the chain, a check failure at preview with zero
API calls, destroy. Steps change stack config, not the program.
"""

from __future__ import annotations

import contextlib
import json
import os
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
SDK_PACKAGE = "@pulumi/datarobot-workloads"


def _without_sdk_dependency(work: Path) -> None:
    """Drop the example's link to the generated SDK: `pulumi package add` must write it,
    as it must write the `packages:` entry that copy_example already removed."""
    manifest = work / "package.json"
    data = json.loads(manifest.read_text())
    del data["dependencies"][SDK_PACKAGE]
    manifest.write_text(json.dumps(data, indent=4) + "\n")


@pytest.fixture
def typescript_stack(
    engine_bin: Path, api_server: ServerHandle, tmp_path: Path
) -> Iterator[ProjectSteps]:
    require_language_host("nodejs")
    env = engine_env(tmp_path / "engine-state")
    # npm keeps its cache under $HOME (the registry is reached through it); package_add
    # runs the CLI with exactly `env`, the Automation API adds os.environ itself.
    env["HOME"] = os.environ.get("HOME", str(tmp_path))
    work = copy_example("typescript", tmp_path)
    _without_sdk_dependency(work)

    added = package_add(work, env)
    assert added.returncode == 0, added.stderr + added.stdout
    # The CLI recorded the plugin in the project, and the host linked the generated SDK.
    project = (work / "Pulumi.yaml").read_text()
    assert f"packages:\n  datarobot-workloads: {PLUGIN_DIR}\n" in project
    manifest = json.loads((work / "package.json").read_text())
    assert manifest["dependencies"][SDK_PACKAGE] == "file:sdks/datarobot-workloads"
    assert (work / "node_modules" / "@pulumi" / "datarobot-workloads" / "bin" / "index.js").exists()
    assert "import * as datarobotWorkloads" in added.stdout

    steps = ProjectSteps(work, env)
    steps.config("datarobot-workloads:endpoint", api_server.base_url)
    steps.config("datarobot-workloads:apikey", TOKEN, secret=True)
    yield steps
    # Best effort: the test may have failed half way, or destroyed already.
    with contextlib.suppress(auto.CommandError):
        steps.destroy()


def test_typescript_quickstart_lifecycle(
    typescript_stack: ProjectSteps, server: ServerControls
) -> None:
    stack = typescript_stack

    outputs = walk_quickstart_chain(stack, server)
    assert outputs["artifact_version"] == 1
