"""The current dialect under faults on every endpoint: up, a new version rolled over in
place on every workload, and destroy, each in one run, and the server then holds exactly
what the state says (no duplicate, no orphan, nothing lost).

One request in five gets a fault: 429 with Retry-After, 500/502/503, added latency, the
connection dropped before the handler runs, or dropped after it committed its write (the
case that makes a second object, or a second replacement, unless it is looked for first).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pulumi
import pytest
from pulumi_datarobot_workloads import Artifact, Workload

from tests.e2e.current_support import ARTIFACTS, WORKLOADS, current_stack
from tests.support.server import ServerControls
from tests.support.stacks import Program

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
CHAINS = 5
PREFIX = "cflt"
ALL_FAULTS = ["429", "500", "502", "503", "latency", "drop_before", "drop_after"]


def chains(tag: str) -> Program:
    def program() -> None:
        for index in range(CHAINS):
            container = {
                "name": "app",
                "image_uri": f"registry.local/current-faults-{index}:{tag}",
                "port": 8080,
                "readiness_probe": {"path": "/healthz"},
            }
            artifact = Artifact(
                f"artifact-{index}",
                name=f"{PREFIX}-artifact-{index}",
                status="locked",
                spec={"container_groups": [{"containers": [container]}]},
            )
            workload = Workload(
                f"workload-{index}",
                name=f"{PREFIX}-workload-{index}",
                artifact=artifact,
                start_timeout_seconds=120,
            )
            pulumi.export(f"invoke_url_{index}", workload.invoke_url)

    return program


def listed(server: ServerControls, collection: str) -> list[dict[str, Any]]:
    body = server.api("GET", f"{collection}/?limit=100&search={PREFIX}-").json()
    return [item for item in body["data"] if str(item["name"]).startswith(f"{PREFIX}-")]


def injected(server: ServerControls) -> int:
    snapshot = server.http.get(f"{server.root_url}/__test__/faults").json()
    return sum(int(n) for n in (snapshot.get("injected") or {}).values())


def assert_server_matches_state(server: ServerControls, ids: dict[str, list[str]]) -> None:
    workloads = listed(server, WORKLOADS)
    assert sorted(w["id"] for w in workloads) == sorted(ids["Workload"])
    artifacts = listed(server, ARTIFACTS)
    live = {a["id"] for a in artifacts}
    assert set(ids["Artifact"]) <= live
    # Beside the state's artifacts only the locked versions they replaced are kept (their
    # repository keeps them), one per repository at most: no duplicate was created.
    kept = [a for a in artifacts if a["id"] not in ids["Artifact"]]
    newest = {
        a["artifactRepositoryId"]: a["version"] for a in artifacts if a["id"] in ids["Artifact"]
    }
    assert all(a["version"] < newest[a["artifactRepositoryId"]] for a in kept), kept
    assert len(kept) <= len(newest)


def test_up_rollover_and_destroy_under_faults_in_the_current_dialect(
    api_server: ServerHandle, server: ServerControls, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, api_server.base_url, "current-faults")
    faults = 0
    for seed, tag in enumerate(("1", "2"), start=20261203):
        server.set_faults(rate=0.2, kinds=ALL_FAULTS, latencyMs=200, retryAfter=1, seed=seed)
        up = stack.up(chains(tag))  # one run: an exception fails the test
        faults += injected(server)
        server.clear_faults()
        ids = {kind: stack.ids(f":{kind}") for kind in ("Artifact", "Workload")}
        assert len(ids["Artifact"]) == len(ids["Workload"]) == CHAINS
        assert_server_matches_state(server, ids)
        if tag == "2":
            # Rolled over in place: the same workloads, now on the new versions.
            assert up.changed() == {
                **{f"artifact-{i}": "replace" for i in range(CHAINS)},
                **{f"workload-{i}": "update" for i in range(CHAINS)},
            }
            for workload in listed(server, WORKLOADS):
                assert workload["artifact"]["version"] == 2
    assert stack.preview(chains("2")).changed() == {}

    server.set_faults(rate=0.2, kinds=ALL_FAULTS, latencyMs=200, retryAfter=1, seed=7)
    stack.destroy()
    faults += injected(server)
    server.clear_faults()
    assert listed(server, WORKLOADS) == []
    assert listed(server, ARTIFACTS) == []
    print(f"\n[faults] current dialect: {faults} faults injected over up, rollover, destroy")
    assert faults > 0
