"""Current dialect: each container's resources live on the workload's runtime
(`containerGroups[].containers[] {name, resourceAllocation}`), checked against the
artifact's containers, stored in bytes and answered by every read (docs/current-dialect.md,
"Objects")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.conftest import AppFactory
from tests.server.helpers import (
    ALICE,
    Api,
    FakeClock,
    container,
    current_artifact,
    current_workload,
    expect_detail,
    spec,
)

STEP = 10.0
GIB = 1024**3
RUNTIME = ["body", "runtime", "containerGroups", 0]


def runtime(*containers: dict[str, Any]) -> dict[str, Any]:
    return {"containerGroups": [{"name": "default", "containers": list(containers)}]}


def sized(name: str, **allocation: Any) -> dict[str, Any]:
    return {"name": name, "resourceAllocation": allocation}


def allocations(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer's containers with what they set (the answers name every field)."""
    return [
        {
            "name": entry["name"],
            "resourceAllocation": {
                key: value
                for key, value in entry["resourceAllocation"].items()
                if value is not None
            },
        }
        for entry in answer["runtime"]["containerGroups"][0]["containers"]
    ]


def two_containers(api: Api) -> dict[str, Any]:
    """A locked artifact of a primary `app` and a `sidecar`."""
    return current_artifact(
        api,
        status="locked",
        spec=spec(container(primary=True), container(name="sidecar", port=None)),
    )


def test_allocations_are_stored_in_bytes_and_answered_by_every_read(api: Api) -> None:
    artifact = two_containers(api)
    wanted = runtime(
        sized("app", cpu=0.5, memory="8Gi", gpu=1, gpuMemory="8GB"),
        sized("sidecar", memory=268435456),
    )
    workload = current_workload(api, artifact["id"], runtime=wanted)
    expected = [
        {"name": "app", "resourceAllocation": {"cpu": 0.5, "memory": 8 * GIB, "gpu": 1}},
        {"name": "sidecar", "resourceAllocation": {"memory": 268435456}},
    ]
    expected[0]["resourceAllocation"]["gpuMemory"] = 8 * 1000**3
    for answer in (
        workload,
        api.get(f"/workloads/{workload['id']}").json(),
        api.get(f"/workloads/{workload['id']}/settings").json(),
    ):
        assert allocations(answer) == expected
    listed = api.get("/workloads", params={"ids": workload["id"]}).json()["data"]
    assert allocations(listed[0]) == expected


@pytest.mark.parametrize(
    ("entries", "loc"),
    [
        ([sized("web", cpu=1)], ["containers", 0, "name"]),
        ([sized("app", cpu=1), sized("app", cpu=2)], ["containers", 1, "name"]),
        ([sized("app", cpu=-1)], ["containers", 0, "resourceAllocation", "cpu"]),
        ([sized("app", gpu=-1)], ["containers", 0, "resourceAllocation", "gpu"]),
        ([sized("app", memory="lots")], ["containers", 0, "resourceAllocation", "memory"]),
        ([sized("app", memory=-5)], ["containers", 0, "resourceAllocation", "memory"]),
        (
            [sized("app", gpuMemory="8 bananas")],
            ["containers", 0, "resourceAllocation", "gpuMemory"],
        ),
        ([sized("app", gpuType="a10")], ["containers", 0, "resourceAllocation", "gpuType"]),
    ],
    ids=[
        "unknown-container",
        "repeated-container",
        "negative-cpu",
        "negative-gpu",
        "memory-not-a-size",
        "negative-memory",
        "gpu-memory-not-a-size",
        "unknown-field",
    ],
)
def test_a_bad_allocation_is_a_422_naming_its_field(
    api: Api, entries: list[dict[str, Any]], loc: list[Any]
) -> None:
    artifact = current_artifact(api, status="locked")
    answer = api.post(
        "/workloads/",
        json={"name": "w", "artifactId": artifact["id"], "runtime": runtime(*entries)},
    )
    expect_detail(answer, 422, loc=[*RUNTIME, *loc])
    assert api.get("/workloads").json()["totalCount"] == 0


def test_settings_and_replacements_check_allocations_against_the_artifact_they_run(
    make_client: AppFactory, clock: FakeClock
) -> None:
    api = Api(make_client(step_seconds=STEP, clock=clock, replacement_linger_seconds=1), ALICE)
    workload = current_workload(api, runtime=runtime(sized("app", cpu=1)))
    clock.advance(3 * STEP)
    path = f"/workloads/{workload['id']}"
    bad = api.patch(f"{path}/settings", json={"runtime": runtime(sized("app", cpu=-2))})
    expect_detail(bad, 422, loc=[*RUNTIME, "containers", 0, "resourceAllocation", "cpu"])
    # A new version whose container has another name: the allocation must follow it.
    renamed = current_artifact(
        api,
        status="locked",
        artifactRepositoryId=workload["artifact"]["artifactRepositoryId"],
        spec=spec(container(name="web")),
    )
    body = {"artifactId": renamed["id"], "strategy": "rolling"}
    kept = api.post(f"{path}/replacement", json=body)
    expect_detail(kept, 422, loc=[*RUNTIME, "containers", 0, "name"])
    moved = {**body, "runtime": runtime(sized("web", cpu=2, memory="1Gi"))}
    assert api.post(f"{path}/replacement", json=moved).status_code == 202
    clock.advance(3 * STEP)
    after = api.get(path).json()
    assert after["artifactId"] == renamed["id"]
    assert allocations(after) == [
        {"name": "web", "resourceAllocation": {"cpu": 2.0, "memory": GIB}}
    ]
