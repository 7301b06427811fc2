"""The quickstart chain from a TypeScript program, through the plugin's generated SDK.

`pulumi package add` of the plugin folder generates the TypeScript SDK with our Node.js
language host (engine/nodejs-host), links it into package.json and runs `npm install`;
then the same steps and planned operations as the YAML program
(tests/plugin/test_yaml_program.py) and the Python resources' e2e tests: create, no
changes, update in place, replacement of the chain, a check failure at preview with zero
API calls, destroy. Steps change stack config, not the program.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pulumi import automation as auto

from tests.plugin.programs import (
    ProjectSteps,
    plugin_project,
    walk_quickstart_chain,
)
from tests.support.server import ServerControls

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
    # npm keeps its cache under $HOME (the registry is reached through it); package_add
    # runs the CLI with exactly the engine env, the Automation API adds os.environ itself.
    home = {"HOME": os.environ.get("HOME", str(tmp_path))}
    with plugin_project(
        "typescript",
        "nodejs",
        tmp_path,
        api_server.base_url,
        prepare=_without_sdk_dependency,
        extra_env=home,
    ) as (steps, added):
        # The host linked the generated SDK into the project.
        work = tmp_path / "typescript"
        manifest = json.loads((work / "package.json").read_text())
        assert manifest["dependencies"][SDK_PACKAGE] == "file:sdks/datarobot-workloads"
        sdk_entry = work / "node_modules" / "@pulumi" / "datarobot-workloads" / "bin" / "index.js"
        assert sdk_entry.exists()
        assert "import * as datarobotWorkloads" in added.stdout
        yield steps


def test_typescript_quickstart_lifecycle(
    typescript_stack: ProjectSteps, server: ServerControls
) -> None:
    stack = typescript_stack

    outputs = walk_quickstart_chain(stack, server)
    assert outputs["artifact_version"] == 1

    # `pulumi import` takes over an object made outside Pulumi and prints its program in
    # TypeScript (the Node.js host's GenerateProgram), a fixed value as the SDK's enum.
    container = {"name": "web", "imageUri": "registry.local/made:1", "port": 8080}
    spec = {"containerGroups": [{"containers": [container]}]}
    made = server.api("POST", "registry/artifacts/", json={"name": "made", "spec": spec}).json()
    resources: list[auto.ImportResource] = [
        {"type": "datarobot-workloads:index:Artifact", "name": "adopted", "id": made["id"]}
    ]
    adopted = stack.stack.import_resources(resources=resources, protect=False, generate_code=True)
    code = adopted.generated_code
    assert 'new datarobot_workloads.Artifact("adopted", {' in code, code
    assert 'imageUri: "registry.local/made:1"' in code
    assert "status: datarobot_workloads.ArtifactStatus.Draft" in code
    stack.destroy()  # the program does not declare it: destroy deletes it
    assert server.status_of("registry/artifacts", made["id"]) == 404
    # An ID that names nothing is refused, and nothing is recorded under it.
    with pytest.raises(auto.CommandError, match="does not exist"):
        stack.stack.import_resources(resources=resources, protect=False)
    assert made["id"] not in json.dumps(stack.stack.export_stack().deployment)
