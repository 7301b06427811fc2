"""A Pulumi YAML chain through the plugin in the current dialect: the same lifecycle code
as the Python resources, chosen by `datarobot-workloads:dialect`. A new locked version
rolls the workload over in place: same ID, same invoke URL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.plugin.programs import ProjectSteps, plugin_project
from tests.support.server import ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
PROGRAM = Path(__file__).resolve().parent / "current_yaml" / "Pulumi.yaml"


def use_current_program(work: Path) -> None:
    shutil.copy(PROGRAM, work / "Pulumi.yaml")


@pytest.fixture
def yaml_stack(
    engine_bin: Path, api_server: ServerHandle, tmp_path: Path
) -> Iterator[ProjectSteps]:
    with plugin_project(
        "yaml", "yaml", tmp_path, api_server.base_url, prepare=use_current_program
    ) as (steps, _):
        steps.config("datarobot-workloads:dialect", "current")
        yield steps


def test_yaml_chain_in_the_current_dialect(
    yaml_stack: ProjectSteps, server: ServerControls, api_server: ServerHandle
) -> None:
    walk_current_chain(yaml_stack, server, api_server.base_url, sized=True)


def walk_current_chain(
    stack: ProjectSteps, server: ServerControls, base_url: str, *, sized: bool = False
) -> None:
    """The steps both languages go through (config `imageUri` makes the next version).
    `sized`: the program's artifact requests resources for its container, which reach
    the workload's runtime (`artifactResources`), not the artifact."""
    assert stack.preview().changed() == {"artifact": "create", "workload": "create"}
    first = stack.up().outputs
    workload_id = first["workload_id"]
    assert first["workload_status"] == "running"
    assert first["artifact_version"] == 1
    assert first["invoke_url"] == f"{base_url}/endpoints/workloads/{workload_id}/"
    live = server.api("GET", f"workloads/{workload_id}").json()
    assert (live["artifactId"], live["importance"]) == (first["artifact_id"], "high")
    if sized:
        (app,) = live["runtime"]["containerGroups"][0]["containers"]
        assert app["name"] == "app"
        assert (app["resourceAllocation"]["cpu"], app["resourceAllocation"]["memory"]) == (
            0.5,
            536870912,
        )
        artifact = server.api("GET", f"artifacts/{first['artifact_id']}").json()
        assert "resourceRequest" not in str(artifact["spec"])

    server.clear_requests()
    assert stack.preview().changed() == {}
    assert server.total_requests() == 0

    # A new locked version: a new artifact in the same repository, the workload rolled
    # over in place.
    stack.config("imageUri", "python:3.12-slim")
    assert stack.preview().changed() == {"artifact": "replace", "workload": "update"}
    up = stack.up().outputs
    assert (up["workload_id"], up["invoke_url"]) == (workload_id, first["invoke_url"])
    assert up["artifact_id"] != first["artifact_id"]
    assert (up["repository_id"], up["artifact_version"]) == (first["repository_id"], 2)
    assert server.api("GET", f"workloads/{workload_id}").json()["artifactId"] == up["artifact_id"]

    stack.destroy()
    assert server.status_of("workloads", workload_id) == 404
    assert server.status_of("artifactRepositories", first["repository_id"]) == 404
