"""Workload, end to end: create waits for running, start/stop and restart in place, replace."""

from __future__ import annotations

import pytest

from tests.conftest import StackFactory
from tests.e2e.programs import chain, spec
from tests.support.server import ServerControls

pytestmark = pytest.mark.e2e
WORKLOADS = "console/workloads"


def invoke(server: ServerControls, workload_id: str) -> dict[str, object]:
    response = server.api("GET", f"endpoints/workloads/{workload_id}/ping")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_workload_lifecycle(make_stack: StackFactory, server: ServerControls) -> None:
    stack = make_stack("workload")
    v1 = chain("wl", with_deployment=False)

    # 1. Create: running when up returns; then no changes and a quiet refresh.
    preview = stack.preview(v1)
    assert preview.changed() == {"artifact": "create", "workload": "create"}
    up = stack.up(v1)
    workload_id = up.outputs["workload_id"]
    assert up.outputs["workload_status"] == "running"
    assert server.api("GET", f"{WORKLOADS}/{workload_id}/").json()["status"] == "running"
    assert invoke(server, workload_id)["imageUri"] == "registry.local/app:1"
    server.clear_requests()
    assert stack.preview(v1).changed() == {}
    assert stack.refresh().summary.get("update", 0) == 0
    assert server.writes() == 0
    assert stack.preview(v1).changed() == {}

    # 3. Update in place: stop, then start again; the ID stays.
    stopped = chain("wl", with_deployment=False, workload={"desired_status": "stopped"})
    assert stack.preview(stopped).changed() == {"workload": "update"}
    up = stack.up(stopped)
    assert up.outputs["workload_id"] == workload_id
    assert server.api("GET", f"{WORKLOADS}/{workload_id}/").json()["status"] == "stopped"
    up = stack.up(v1)
    assert up.outputs["workload_id"] == workload_id
    assert up.outputs["workload_status"] == "running"

    # A draft artifact's spec changes in place: the workload plans a restart, and runs it.
    v2 = chain("wl", with_deployment=False, artifact={"spec": spec("registry.local/app:2")})
    assert stack.preview(v2).changed() == {"artifact": "update", "workload": "update"}
    up = stack.up(v2)
    assert up.outputs["workload_id"] == workload_id
    assert invoke(server, workload_id)["imageUri"] == "registry.local/app:2"
    # Renaming the artifact does not touch the workload.
    v3 = chain(
        "wl",
        with_deployment=False,
        artifact={"spec": spec("registry.local/app:2"), "name": "wl-artifact-renamed"},
    )
    assert stack.preview(v3).changed() == {"artifact": "update"}
    stack.up(v3)

    # 4. Replace: the runtime cannot change in place.
    v4 = chain(
        "wl",
        with_deployment=False,
        artifact={"spec": spec("registry.local/app:2"), "name": "wl-artifact-renamed"},
        workload={"runtime": {"replica_count": 2}},
    )
    assert stack.preview(v4).changed() == {"workload": "replace"}
    up = stack.up(v4)
    new_id = up.outputs["workload_id"]
    assert new_id != workload_id
    assert server.status_of(WORKLOADS, workload_id) == 404
    assert server.api("GET", f"{WORKLOADS}/{new_id}/").json()["runtime"]["replicaCount"] == 2

    # 5. Drift: stopped out of band -> refresh -> up starts it again.
    assert server.api("POST", f"{WORKLOADS}/{new_id}/stop").status_code == 202
    stack.refresh()
    assert stack.preview(v4).changed() == {"workload": "update"}
    stack.up(v4)
    assert server.api("GET", f"{WORKLOADS}/{new_id}/").json()["status"] == "running"
    # Errored out of band -> same recovery.
    server.force_error(new_id, "container crashed", ["Traceback...", "boom"])
    stack.refresh()
    assert stack.preview(v4).changed() == {"workload": "update"}
    stack.up(v4)
    assert server.api("GET", f"{WORKLOADS}/{new_id}/").json()["status"] == "running"
    # Deleted out of band -> dropped on refresh -> recreated.
    assert server.api("DELETE", f"{WORKLOADS}/{new_id}/").status_code == 204
    stack.refresh()
    up = stack.up(v4)
    assert up.changed() == {"workload": "create"}

    # 7. Destroy.
    final_id = up.outputs["workload_id"]
    artifact_id = up.outputs["artifact_id"]
    stack.destroy()
    assert server.status_of(WORKLOADS, final_id) == 404
    assert server.status_of("registry/artifacts", artifact_id) == 404
