"""The plugin installed the way Pulumi users install it, from YAML and TypeScript.

The files of the built sdist, alone in a folder, are added with `pulumi package add` to a
fresh project (tests/plugin/projects); Pulumi installs the plugin itself, with the pip
toolchain (PulumiPlugin.yaml as shipped) and with `toolchain: uv`. Each project then
runs `up`, a preview that plans nothing, its lookups (YAML `fn::invoke`, the generated
TypeScript `get...Output` functions) and `destroy` against the local server. The stacks
set only `datarobot:endpoint` and `datarobot:apikey`, the keys the Python resources use.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.plugin.installed import (
    TOOLCHAINS,
    build_sdist,
    new_project,
    package_add,
    plugin_python,
    unpack,
    user_env,
)
from tests.plugin.programs import ProjectSteps, require_language_host
from tests.support.engine import REPO
from tests.support.server import TOKEN, ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
CHAIN = ("artifact", "workload", "deployment")


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One unpacked sdist per toolchain, shared by the YAML and TypeScript projects."""
    archive = build_sdist(tmp_path_factory.mktemp("sdist"))
    return {
        toolchain: unpack(archive, tmp_path_factory.mktemp(f"plugin-{toolchain}"), toolchain)
        for toolchain in TOOLCHAINS
    }


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    state = tmp_path_factory.mktemp("engine-state")
    return user_env(state, state / "tools")


def _added(work: Path, plugin: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`pulumi package add <plugin folder>`, asserted to have installed the plugin into a
    venv of its own (not this repo's) and recorded the package."""
    added = package_add(work, plugin, env)
    assert added.returncode == 0, added.stderr + added.stdout
    python = plugin_python(plugin)
    assert python.is_file(), f"no plugin venv at {python}"
    where = subprocess.run(
        [str(python), "-c", "import datarobot_workloads_provider as m; print(m.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(plugin), where
    assert not Path(where).is_relative_to(REPO), where
    assert f"  datarobot-workloads: {plugin}\n" in (work / "Pulumi.yaml").read_text()
    return added


def _stack(work: Path, env: dict[str, str], endpoint: str) -> ProjectSteps:
    stack = ProjectSteps(work, env, stack_name="dev")
    stack.config("datarobot:endpoint", endpoint)
    stack.config("datarobot:apikey", TOKEN, secret=True)
    return stack


def _walk(stack: ProjectSteps, server: ServerControls) -> dict[str, Any]:
    """up, a preview that plans nothing, the lookups' answers, destroy; returns the
    outputs of `up`."""
    try:
        up = stack.up()
        assert up.changed() == dict.fromkeys(CHAIN, "create")
        outputs = up.outputs
        live = server.api("GET", f"registry/artifacts/{outputs['artifact_id']}/").json()
        assert outputs["found_artifact_version"] == live["version"]
        assert outputs["found_artifact_status"] == "registered"
        assert outputs["invoke_url"].endswith(f"/endpoints/deployments/{outputs['deployment_id']}/")
        assert stack.preview().changed() == {}
    finally:
        stack.destroy()
    assert server.status_of("console/deployments", outputs["deployment_id"]) == 404
    assert server.status_of("registry/artifacts", outputs["artifact_id"]) == 404
    return outputs


@pytest.mark.parametrize("toolchain", TOOLCHAINS)
def test_yaml_project_installs_and_runs_the_plugin(
    toolchain: str,
    plugins: dict[str, Path],
    env: dict[str, str],
    engine_bin: Path,
    api_server: ServerHandle,
    server: ServerControls,
    tmp_path: Path,
) -> None:
    require_language_host("yaml")
    work = new_project("yaml", tmp_path)
    _added(work, plugins[toolchain], env)

    outputs = _walk(_stack(work, env, api_server.base_url), server)
    assert outputs["found_deployment_id"] == outputs["deployment_id"]


def test_typescript_project_installs_and_runs_the_plugin(
    plugins: dict[str, Path],
    env: dict[str, str],
    engine_bin: Path,
    api_server: ServerHandle,
    server: ServerControls,
    tmp_path: Path,
) -> None:
    """One project (npm installs are slow), added from each toolchain's plugin in turn."""
    require_language_host("nodejs")
    work = new_project("typescript", tmp_path)
    for toolchain in TOOLCHAINS:
        added = _added(work, plugins[toolchain], env)
        assert "import * as datarobotWorkloads" in added.stdout
        manifest = json.loads((work / "package.json").read_text())
        assert manifest["dependencies"]["@pulumi/datarobot-workloads"] == (
            "file:sdks/datarobot-workloads"
        )
        outputs = _walk(_stack(work, env, api_server.base_url), server)
        assert outputs["stats_period"] is not None
