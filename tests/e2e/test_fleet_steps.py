"""A fleet, end to end: one registered artifact shared by many workloads under team
components, written the way a platform team writes it (a loop over service configs,
stack config scaling one service), not as one artifact -> workload -> deployment chain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pulumi import automation as auto

from tests.conftest import StackFactory
from tests.e2e.current_support import current_stack
from tests.e2e.programs import fleet, fleet_services
from tests.support.server import ServerControls
from tests.support.stacks import StackSteps

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
WORKLOADS = "console/workloads"
COUNT = 20
TEAMS = ("team-a_1", "b_2")
SERVICES = fleet_services(COUNT, TEAMS)
EXPOSED = [key for key, service in SERVICES.items() if service["expose"]]
PARALLEL = 64  # at least the workloads of one up, as the README asks for


def everything(op: str) -> dict[str, str]:
    """The plan where the artifact, every workload and every deployment does `op`."""
    plan = {"shared_base-image": op} | {key: op for key in SERVICES}
    return plan | {f"{key}-dep": op for key in EXPOSED}


def workload_ids(stack: StackSteps) -> dict[str, str]:
    return {
        r["urn"].rsplit("::", 1)[-1]: r["id"]
        for r in stack.state_resources()
        if r["type"].endswith(":Workload")
    }


def desired(stack: StackSteps) -> dict[str, str]:
    return {
        r["urn"].rsplit("::", 1)[-1]: r["outputs"]["desired_status"]
        for r in stack.state_resources()
        if r["type"].endswith(":Workload")
    }


def test_fleet_of_one_artifact(make_stack: StackFactory, server: ServerControls) -> None:
    stack = make_stack("fleet")
    v1 = fleet(COUNT, teams=TEAMS)

    # 1. Create: the preview plans every resource without one API call; the up runs them.
    server.clear_requests()
    preview = stack.preview(v1)
    assert preview.changed() == everything("create") | {team: "create" for team in TEAMS}
    assert server.total_requests() == 0
    up = stack.up(v1, parallel=PARALLEL)
    ids = workload_ids(stack)
    assert len(ids) == COUNT
    for key, workload_id in ids.items():
        live = server.api("GET", f"{WORKLOADS}/{workload_id}/").json()
        assert (live["status"], live["artifactId"]) == ("running", up.outputs["artifact_id"])
        assert live["runtime"]["replicaCount"] == SERVICES[key]["replicas"]
    urls = up.outputs["invoke_urls"]
    assert sorted(urls) == sorted(EXPOSED)
    auth = {"Authorization": f"Bearer {server.token}"}
    assert all(
        server.http.get(f"{url}ping", headers=auth).status_code == 200 for url in urls.values()
    )

    # 2. Nothing changed: no plan, no API call; a refresh finds nothing and writes nothing.
    server.clear_requests()
    assert stack.preview(v1).changed() == {}
    assert server.total_requests() == 0
    assert stack.refresh(parallel=PARALLEL).summary.get("update", 0) == 0
    assert server.writes() == 0

    # 3. One service scaled by stack config: that workload alone is replaced (the older
    #    API cannot change a runtime in place), nothing else is touched.
    scaled = "svc-001_b_2"
    stack.stack.set_config("replicas", auto.ConfigValue(json.dumps({scaled: 3})))
    server.clear_requests()
    stack.step(v1, {scaled: "replace"})
    assert server.writes() == 2  # its create and the old one's delete
    after = workload_ids(stack)
    assert {k: v for k, v in after.items() if k != scaled} == {
        k: v for k, v in ids.items() if k != scaled
    }
    assert server.status_of(WORKLOADS, ids[scaled]) == 404
    live = server.api("GET", f"{WORKLOADS}/{after[scaled]}/").json()
    assert live["runtime"]["replicaCount"] == 3
    ids = after

    # 4. Drift: one workload stopped behind Pulumi's back; refresh finds exactly that one,
    #    and the next up starts it again in place.
    drifted = "svc-002_team-a_1"
    assert server.api("POST", f"{WORKLOADS}/{ids[drifted]}/stop").status_code == 202
    assert stack.refresh(parallel=PARALLEL).summary.get("update", 0) == 1
    stopped = {key for key, status in desired(stack).items() if status != "running"}
    assert stopped == {drifted}
    stack.step(v1, {drifted: "update"})
    assert server.api("GET", f"{WORKLOADS}/{ids[drifted]}/").json()["status"] == "running"
    assert workload_ids(stack) == ids

    # 5. The shared registered artifact's spec changes: a new artifact, so every workload
    #    on it and every deployment in front of them is replaced; nothing old is left.
    v2 = fleet(COUNT, image="registry.local/base:2", teams=TEAMS)
    up = stack.step(v2, everything("replace"))
    new_ids = workload_ids(stack)
    assert len(new_ids) == COUNT
    assert not set(new_ids.values()) & set(ids.values())
    assert all(server.status_of(WORKLOADS, old) == 404 for old in ids.values())
    for workload_id in new_ids.values():
        live = server.api("GET", f"{WORKLOADS}/{workload_id}/").json()
        assert (live["status"], live["artifactId"]) == ("running", up.outputs["artifact_id"])
    assert stack.preview(v2).changed() == {}

    # 6. Destroy: nothing of the stack is left on the server.
    artifact_id = up.outputs["artifact_id"]
    deployments = [r["id"] for r in stack.state_resources() if r["type"].endswith(":Deployment")]
    stack.destroy(parallel=PARALLEL)
    assert all(server.status_of(WORKLOADS, w) == 404 for w in new_ids.values())
    assert all(server.status_of("console/deployments", d) == 404 for d in deployments)
    assert server.status_of("registry/artifacts", artifact_id) == 404


def test_an_autoscaled_fleet_in_the_current_dialect(
    tmp_path: Path, api_server: ServerHandle, server: ServerControls
) -> None:
    """Every workload autoscales, half of them with two replicas declared, which that
    dialect neither takes nor reports: no plan after up, and a new artifact rolls each
    one in place."""
    stack = current_stack(tmp_path, api_server.base_url, "fleet-current")
    count = 8
    services = fleet_services(count, TEAMS)
    v1 = fleet(count, teams=TEAMS, current=True)
    try:
        # 1. Create, then nothing to do: the declared replica count is what the state holds.
        up = stack.up(v1, parallel=PARALLEL)
        ids = workload_ids(stack)
        assert len(ids) == count
        urls = up.outputs["invoke_urls"]
        assert sorted(urls) == [key for key, s in services.items() if s["expose"]]
        server.clear_requests()
        assert stack.preview(v1).changed() == {}
        assert server.total_requests() == 0

        # 2. A new artifact: each workload rolls over in place, keeping ID and invoke URL.
        v2 = fleet(count, image="registry.local/base:2", teams=TEAMS, current=True)
        plan = {"shared_base-image": "replace"} | {key: "update" for key in services}
        up = stack.step(v2, plan)
        assert workload_ids(stack) == ids
        assert up.outputs["invoke_urls"] == urls
        for workload_id in ids.values():
            live = server.api("GET", f"workloads/{workload_id}/").json()
            assert live["artifactId"] == up.outputs["artifact_id"]
        assert stack.preview(v2).changed() == {}
    finally:
        stack.destroy()
    assert all(server.status_of("workloads", w) == 404 for w in ids.values())
