"""Deployment, end to end: invoke URL, metadata in place, replace on a new workload."""

from __future__ import annotations

import pytest
from pulumi import automation as auto

from tests.conftest import StackFactory
from tests.e2e.programs import chain, spec
from tests.support.server import ServerControls

pytestmark = pytest.mark.e2e
DEPLOYMENTS = "console/deployments"
REGISTERED = {"status": "registered"}


def test_deployment_lifecycle(make_stack: StackFactory, server: ServerControls) -> None:
    stack = make_stack("deployment")
    v1 = chain("dep", artifact=REGISTERED)

    # 1. Create.
    assert stack.preview(v1).changed() == {
        "artifact": "create",
        "workload": "create",
        "deployment": "create",
    }
    up = stack.up(v1)
    deployment_id = up.outputs["deployment_id"]
    assert up.outputs["deployment_endpoint"].endswith(f"/endpoints/deployments/{deployment_id}/")
    answer = server.api("POST", f"endpoints/deployments/{deployment_id}/predict?x=1", json={"a": 1})
    assert answer.status_code == 200
    assert answer.json()["deploymentId"] == deployment_id
    assert answer.json()["body"] == {"a": 1}
    stats = server.api("GET", f"{DEPLOYMENTS}/{deployment_id}/stats/").json()
    assert stats["metrics"]["totalRequests"] == 1
    server.clear_requests()
    assert stack.preview(v1).changed() == {}
    assert server.total_requests() == 0
    assert stack.refresh().summary.get("update", 0) == 0
    assert stack.preview(v1).changed() == {}

    # 2. Read back.
    live = server.api("GET", f"{DEPLOYMENTS}/{deployment_id}/").json()
    assert live["workloadId"] == up.outputs["workload_id"]
    assert live["importance"] == "low"

    # 3. Update in place: metadata.
    v2 = chain(
        "dep",
        artifact=REGISTERED,
        deployment={"description": "serves v1", "importance": "critical"},
    )
    assert stack.preview(v2).changed() == {"deployment": "update"}
    up = stack.up(v2)
    assert up.outputs["deployment_id"] == deployment_id
    live = server.api("GET", f"{DEPLOYMENTS}/{deployment_id}/").json()
    assert (live["description"], live["importance"]) == ("serves v1", "critical")

    # 4. Replace: a registered artifact's spec changes -> the chain is replaced.
    v3 = chain(
        "dep",
        artifact={"status": "registered", "spec": spec("registry.local/app:2")},
        deployment={"description": "serves v1", "importance": "critical"},
    )
    assert stack.preview(v3).changed() == {
        "artifact": "replace",
        "workload": "replace",
        "deployment": "replace",
    }
    up = stack.up(v3)
    new_id = up.outputs["deployment_id"]
    assert new_id != deployment_id
    assert server.status_of(DEPLOYMENTS, deployment_id) == 404
    answer = server.api("GET", f"endpoints/deployments/{new_id}/")
    assert answer.json()["imageUri"] == "registry.local/app:2"

    # 5. Drift: metadata changed out of band comes back.
    server.api("PATCH", f"{DEPLOYMENTS}/{new_id}/", json={"importance": "low"})
    stack.refresh()
    assert stack.preview(v3).changed() == {"deployment": "update"}
    stack.up(v3)
    assert server.api("GET", f"{DEPLOYMENTS}/{new_id}/").json()["importance"] == "critical"

    # 7. Destroy.
    ids = dict(up.outputs)
    stack.destroy()
    assert server.status_of(DEPLOYMENTS, ids["deployment_id"]) == 404
    assert server.status_of("console/workloads", ids["workload_id"]) == 404
    assert server.status_of("registry/artifacts", ids["artifact_id"]) == 404


def test_deploying_a_draft_fails_at_preview(
    make_stack: StackFactory, server: ServerControls
) -> None:
    stack = make_stack("deployment-draft")
    server.clear_requests()
    with pytest.raises(auto.CommandError) as info:
        stack.preview(chain("draft"))
    assert "workload_id" in str(info.value)
    assert "registered" in str(info.value)
    assert server.total_requests() == 0
