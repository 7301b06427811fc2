"""Container resources in both dialects: the artifact's `resource_request` becomes the
workload's per-container allocation in the current dialect (`contract.resources`)."""

from __future__ import annotations

from typing import Any

from datarobot_workloads_provider.contract.resources import (
    request_failures,
    requests_by_container,
    requests_of,
    runtime_container_failures,
    sized_runtime,
    with_requests,
    without_requests,
)

GIB = 1024**3


def spec(*containers: dict[str, Any]) -> dict[str, Any]:
    return {"container_groups": [{"name": "default", "containers": list(containers)}]}


APP = {"name": "app", "image_uri": "i", "resource_request": {"cpu": 2, "memory": GIB, "gpu": 1}}
SIDECAR = {"name": "sidecar", "image_uri": "s"}


def test_requests_are_read_by_container_name() -> None:
    assert requests_by_container(spec(APP, SIDECAR)) == [
        {"name": "app", "resource_request": {"cpu": 2, "memory": GIB, "gpu": 1}},
        {"name": "sidecar"},
    ]
    assert requests_by_container(None) == []


def test_each_request_sizes_its_container_unless_the_runtime_names_it() -> None:
    artifact = requests_by_container(spec(APP, SIDECAR))
    derived = sized_runtime({"replica_count": 2}, artifact)
    assert derived == {
        "replica_count": 2,
        "containers": [{"name": "app", "resource_allocation": {"cpu": 2, "memory": GIB, "gpu": 1}}],
    }
    own = {"name": "app", "resource_allocation": {"cpu": 4}}
    assert sized_runtime({"containers": [own]}, artifact) == {"containers": [own]}
    sidecar = {"name": "sidecar", "resource_allocation": {"memory": 1}}
    assert sized_runtime({"containers": [sidecar]}, artifact)["containers"] == [
        sidecar,
        {"name": "app", "resource_allocation": {"cpu": 2, "memory": GIB, "gpu": 1}},
    ]
    # Nothing requested, nothing named: the runtime is as written.
    assert sized_runtime({"replica_count": 1}, [{"name": "sidecar"}]) == {"replica_count": 1}
    assert sized_runtime({"replica_count": 1}, None) == {"replica_count": 1}


def test_runtime_containers_are_named_once_and_must_be_the_artifacts() -> None:
    runtime = {
        "containers": [
            {"name": "app", "resource_allocation": {}},
            {"name": "app", "resource_allocation": {}},
            {"name": "web", "resource_allocation": {}},
        ]
    }
    failures = runtime_container_failures(runtime, [{"name": "app"}, {"name": "sidecar"}])
    assert [path for path, _ in failures] == [
        "runtime.containers[1].name",
        "runtime.containers[2].name",
    ]
    assert "no container 'web'" in failures[1][1] and "'sidecar'" in failures[1][1]
    # The artifact's containers unknown (no artifact=): only repeats are refused.
    assert [p for p, _ in runtime_container_failures(runtime, None)] == [
        "runtime.containers[1].name"
    ]


def test_a_gpu_type_cannot_be_said_in_the_current_dialect() -> None:
    typed = {**APP, "resource_request": {"cpu": 1, "memory": 1, "gpu_type": "a10"}}
    failures = request_failures(spec(SIDECAR, typed))
    assert [path for path, _ in failures] == [
        "spec.container_groups[0].containers[1].resource_request.gpu_type"
    ]
    assert "resource_bundle_id" in failures[0][1]
    assert request_failures(spec(APP)) == []


def test_requests_stay_in_the_state_not_on_the_wire() -> None:
    declared = spec(APP, SIDECAR)
    wire = without_requests(declared)
    assert requests_by_container(wire) == [{"name": "app"}, {"name": "sidecar"}]
    assert with_requests(wire, declared) == declared
    # A container the API no longer has takes nothing; the API's other fields stay.
    live = spec({"name": "other", "image_uri": "o"})
    assert with_requests(live, declared) == live
    assert with_requests(None, declared) is None


def test_containers_passed_whole_keep_only_names_and_requests() -> None:
    assert requests_of([APP, SIDECAR]) == requests_by_container(spec(APP, SIDECAR))
    assert requests_of("unknown") == "unknown"
