"""One program with container resources, end to end on the real engine, in both dialects.

The program sizes its web container on the artifact (`resource_request`), as programs of
the older dialect always have. In the current dialect the same program sizes the
workload's runtime instead: the API receives the allocation on the workload and none on
the artifact, a changed request previews and applies as a rolling update of the workload
in place (same ID, same artifact version), refresh finds no drift, and a change made
outside Pulumi shows up on refresh. In the older dialect the request stays on the
artifact, where that API expects it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pulumi
import pytest
from pulumi_datarobot_workloads import Artifact, Workload

from tests.conftest import StackFactory
from tests.e2e.current_support import current_stack
from tests.support.server import ServerControls
from tests.support.stacks import Program

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
MIB = 1024**2


def storefront(cpu: float, memory: int) -> Program:
    """A web container sized by its artifact and a log shipper beside it, unsized."""

    def program() -> None:
        spec = {
            "container_groups": [
                {
                    "containers": [
                        {
                            "name": "web",
                            "image_uri": "registry.local/storefront:3",
                            "port": 8080,
                            "primary": True,
                            "resource_request": {"cpu": cpu, "memory": memory},
                        },
                        {"name": "logship", "image_uri": "registry.local/logship:1"},
                    ]
                }
            ]
        }
        artifact = Artifact("catalog", name="storefront", status="registered", spec=spec)
        workload = Workload("shop", name="storefront", artifact=artifact)
        pulumi.export("artifact_id", artifact.id)
        pulumi.export("artifact_version", artifact.version)
        pulumi.export("workload_id", workload.id)

    return program


def api_get(server: ServerControls, path: str) -> dict[str, Any]:
    response = server.api("GET", path)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def allocations(workload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    group = workload["runtime"]["containerGroups"][0]
    return {
        entry["name"]: {k: v for k, v in entry["resourceAllocation"].items() if v is not None}
        for entry in group.get("containers") or []
    }


def test_current_dialect_sizes_the_workload_from_the_artifacts_requests(
    server: ServerControls, api_server: ServerHandle, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, api_server.base_url, "sized-current")
    small, large = storefront(0.5, 512 * MIB), storefront(1, 1024 * MIB)
    try:
        # 1. Up: the allocation reaches the workload; the artifact carries none.
        assert stack.preview(small).changed() == {"catalog": "create", "shop": "create"}
        up = stack.up(small).outputs
        workload_id, artifact_id = up["workload_id"], up["artifact_id"]
        workload = api_get(server, f"workloads/{workload_id}")
        assert allocations(workload) == {"web": {"cpu": 0.5, "memory": 512 * MIB}}
        artifact = api_get(server, f"artifacts/{artifact_id}")
        assert "resourceRequest" not in str(artifact["spec"])
        assert stack.preview(small).changed() == {}

        # 2. A new request: planned without an API call; the workload rolls in place onto
        #    it (one settings change, a rolling replacement); the artifact keeps its
        #    version (its API object holds no resources, so it is updated in the state).
        server.clear_requests()
        assert stack.preview(large).changed() == {"catalog": "update", "shop": "update"}
        assert server.total_requests() == 0, server.request_counts()
        up = stack.up(large).outputs
        assert (up["workload_id"], up["artifact_id"]) == (workload_id, artifact_id)
        assert up["artifact_version"] == 1
        counts = server.request_counts()
        writes = {key: n for key, n in counts.items() if not key.startswith("GET ")}
        assert writes == {"PATCH /api/v2/workloads/{id}/settings": 1}, counts
        workload = api_get(server, f"workloads/{workload_id}")
        assert allocations(workload) == {"web": {"cpu": 1.0, "memory": 1024 * MIB}}
        rolls = api_get(server, f"workloads/{workload_id}/history")["data"]
        assert [(r["candidateArtifactId"], r["status"]) for r in rolls] == [
            (artifact_id, "completed")
        ]

        # 3. Refresh: no drift; then a change made outside Pulumi is found and rolled back.
        assert stack.refresh().summary.get("update", 0) == 0
        assert stack.preview(large).changed() == {}
        outside = {
            "containerGroups": [
                {
                    "name": "default",
                    "containers": [{"name": "web", "resourceAllocation": {"cpu": 4}}],
                }
            ]
        }
        resized = server.api(
            "PATCH", f"workloads/{workload_id}/settings", json={"runtime": outside}
        )
        assert resized.status_code == 202, resized.text
        assert allocations(api_get(server, f"workloads/{workload_id}")) == {"web": {"cpu": 4.0}}
        assert stack.refresh().summary.get("update", 0) == 1
        assert stack.preview(large).changed() == {"shop": "update"}
        stack.up(large)
        workload = api_get(server, f"workloads/{workload_id}")
        assert allocations(workload) == {"web": {"cpu": 1.0, "memory": 1024 * MIB}}
    finally:
        stack.destroy()
    assert server.status_of("workloads", workload_id) == 404


def test_older_dialect_keeps_the_same_programs_requests_on_the_artifact(
    make_stack: StackFactory, server: ServerControls
) -> None:
    stack = make_stack("sized-older")
    up = stack.up(storefront(0.5, 512 * MIB)).outputs
    artifact = api_get(server, f"registry/artifacts/{up['artifact_id']}")
    web = artifact["spec"]["containerGroups"][0]["containers"][0]
    assert web["name"] == "web"
    assert web["resourceRequest"]["cpu"] == 0.5
    assert web["resourceRequest"]["memory"] == 512 * MIB
    workload = api_get(server, f"console/workloads/{up['workload_id']}")
    assert "containers" not in str(workload["runtime"])
    assert stack.preview(storefront(0.5, 512 * MIB)).changed() == {}
