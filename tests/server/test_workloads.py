"""Workload rules: create, defaults, the timed lifecycle, start/stop rules, spec capture."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.server.helpers import (
    ALICE,
    BOB,
    Api,
    FakeClock,
    artifact_body,
    container,
    expect_error,
    spec,
)

COLLECTION = "/console/workloads/"


def item(workload_id: str) -> str:
    return f"/console/workloads/{workload_id}/"


def status(api: Api, workload_id: str) -> str:
    response = api.get(item(workload_id))
    assert response.status_code == 200, response.text
    return str(response.json()["status"])


def test_create_from_artifact_id(api: Api) -> None:
    artifact = api.artifact()
    response = api.post(COLLECTION, json={"artifactId": artifact["id"]})
    assert response.status_code == 201, response.text
    workload = response.json()
    assert set(workload) == {
        "id", "name", "artifactId", "runtime", "status", "statusDetails", "endpoint",
        "createdAt", "updatedAt",
    }  # fmt: skip
    assert workload["name"] == f"workload-{workload['id'][:8]}"
    assert workload["artifactId"] == artifact["id"]
    assert workload["runtime"] == {"replicaCount": 1, "autoscaling": None, "resourceBundleId": None}
    assert workload["status"] == "submitted"
    assert workload["statusDetails"] is None
    assert workload["endpoint"] == f"http://testserver/api/v2/endpoints/workloads/{workload['id']}/"


def test_create_with_inline_artifact_makes_a_draft(api: Api) -> None:
    workload = api.workload(artifact=artifact_body(name="inline"), name="w")
    assert workload["name"] == "w"
    artifact = api.get(f"/registry/artifacts/{workload['artifactId']}/").json()
    assert artifact["name"] == "inline" and artifact["status"] == "draft"


def test_runtime_is_returned_in_full(api: Api) -> None:
    runtime = {
        "replicaCount": 3,
        "autoscaling": {
            "enabled": True,
            "policies": [
                {
                    "scalingMetric": "cpuAverageUtilization",
                    "target": 70,
                    "minCount": 1,
                    "maxCount": 4,
                }
            ],
        },
        "resourceBundleId": "cpu.small",
    }
    workload = api.workload(runtime=runtime)
    assert workload["runtime"] == {
        **runtime,
        "autoscaling": {
            "enabled": True,
            "policies": [
                {
                    "scalingMetric": "cpuAverageUtilization",
                    "target": 70.0,
                    "minCount": 1,
                    "maxCount": 4,
                }
            ],
        },
    }
    assert api.workload(runtime={})["runtime"]["replicaCount"] == 1
    assert api.workload(runtime={"autoscaling": {"enabled": False}})["runtime"]["autoscaling"] == {
        "enabled": False,
        "policies": [],
    }


def _policy(**overrides: Any) -> dict[str, Any]:
    policy = {"scalingMetric": "httpRequestsPerHour", "target": 10, "minCount": 1, "maxCount": 2}
    return {"autoscaling": {"enabled": True, "policies": [{**policy, **overrides}]}}


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("neither artifact nor id", {"name": "w"}, "artifactId"),
    ("both artifact and id", {"artifactId": "0" * 24, "artifact": artifact_body()}, "artifact"),
    ("unknown artifact", {"artifactId": "0" * 24}, "artifactId"),
    ("malformed artifact id", {"artifactId": "xyz"}, "artifactId"),
    ("artifact id not a string", {"artifactId": 5}, "artifactId"),
    ("inline registered", {"artifact": artifact_body(status="registered")}, "artifact.status"),
    ("inline bad name", {"artifact": artifact_body(name="")}, "artifact.name"),
    (
        "inline bad spec",
        {"artifact": artifact_body(spec=spec(container(port=1)))},
        "artifact.spec.containerGroups.0.containers.0.port",
    ),
    (
        "inline primary rule",
        {"artifact": artifact_body(spec=spec(container(primary=False)))},
        "artifact.spec.containerGroups.0.containers.0.primary",
    ),
    (
        "inline unknown field",
        {"artifact": artifact_body(spec=spec(container(extra=1)))},
        "artifact.spec.containerGroups.0.containers.0.extra",
    ),
    ("empty name", {"artifact": artifact_body(), "name": ""}, "name"),
    (
        "negative replicas",
        {"artifact": artifact_body(), "runtime": {"replicaCount": -1}},
        "runtime.replicaCount",
    ),
    ("unknown runtime field", {"artifact": artifact_body(), "runtime": {"cpu": 1}}, "runtime.cpu"),
    (
        "bad metric",
        {"artifact": artifact_body(), "runtime": _policy(scalingMetric="qps")},
        "runtime.autoscaling.policies.0.scalingMetric",
    ),
    (
        "zero target",
        {"artifact": artifact_body(), "runtime": _policy(target=0)},
        "runtime.autoscaling.policies.0.target",
    ),
    (
        "max below min",
        {"artifact": artifact_body(), "runtime": _policy(minCount=3, maxCount=2)},
        "runtime.autoscaling.policies.0.maxCount",
    ),
    (
        "autoscaling without enabled",
        {"artifact": artifact_body(), "runtime": {"autoscaling": {"policies": []}}},
        "runtime.autoscaling.enabled",
    ),
    ("status is not an input", {"artifact": artifact_body(), "status": "running"}, "status"),
]


@pytest.mark.parametrize(("body", "field"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_create_rejects(api: Api, body: dict[str, Any], field: str) -> None:
    expect_error(api.post(COLLECTION, json=body), 422, field=field)
    assert api.get(COLLECTION).json()["totalCount"] == 0
    assert api.get("/registry/artifacts/").json()["totalCount"] == 0


def test_deleted_or_foreign_artifact_is_422(api: Api) -> None:
    gone = api.artifact()
    api.delete(f"/registry/artifacts/{gone['id']}/")
    expect_error(api.post(COLLECTION, json={"artifactId": gone["id"]}), 422, field="artifactId")
    foreign = api.as_token(BOB).artifact()
    expect_error(api.post(COLLECTION, json={"artifactId": foreign["id"]}), 422, field="artifactId")


def test_lifecycle_follows_the_clock(timed_api: Api, clock: FakeClock) -> None:
    workload = timed_api.workload()
    wid = workload["id"]
    assert workload["status"] == "submitted"
    clock.advance(9.9)
    assert status(timed_api, wid) == "submitted"
    clock.advance(0.1)
    assert status(timed_api, wid) == "initializing"
    clock.advance(10)
    assert status(timed_api, wid) == "running"
    fetched = timed_api.get(item(wid)).json()
    assert fetched["updatedAt"] == workload["updatedAt"], "time alone is not a write"

    clock.advance(1)
    stopped = timed_api.post(f"/console/workloads/{wid}/stop")
    assert stopped.status_code == 202
    assert stopped.json()["status"] == "stopping"
    assert stopped.json()["updatedAt"] > workload["updatedAt"]
    clock.advance(10)
    assert status(timed_api, wid) == "stopped"

    started = timed_api.post(f"/console/workloads/{wid}/start")
    assert started.status_code == 202 and started.json()["status"] == "submitted"
    clock.advance(20)
    assert status(timed_api, wid) == "running"


def test_zero_step_is_immediate(api: Api) -> None:
    workload = api.workload()
    assert workload["status"] == "submitted"
    assert status(api, workload["id"]) == "running"
    assert api.post(f"/console/workloads/{workload['id']}/stop").json()["status"] == "stopping"
    assert status(api, workload["id"]) == "stopped"


def test_lifecycle_in_real_time(make_client: Any) -> None:
    api = Api(make_client(step_seconds=0.3), ALICE)
    workload = api.workload()
    created = time.monotonic()
    seen = []
    while time.monotonic() - created < 1.5:
        current = status(api, workload["id"])
        if not seen or seen[-1] != current:
            seen.append(current)
        if current == "running":
            break
        time.sleep(0.02)
    assert seen[0] == "submitted" and seen[-1] == "running"
    assert set(seen) <= {"submitted", "initializing", "running"}


@pytest.mark.parametrize("slash", ["", "/"])
def test_start_and_stop_accept_both_spellings(api: Api, slash: str) -> None:
    wid = api.workload()["id"]
    assert api.post(f"/console/workloads/{wid}/stop{slash}").status_code == 202
    assert api.post(f"/console/workloads/{wid}/start{slash}").status_code == 202


def test_stop_is_a_no_op_while_stopping_or_stopped(timed_api: Api, clock: FakeClock) -> None:
    wid = timed_api.workload()["id"]
    first = timed_api.post(f"/console/workloads/{wid}/stop").json()
    clock.advance(5)
    again = timed_api.post(f"/console/workloads/{wid}/stop")
    assert again.status_code == 202
    assert again.json() == {**first, "status": "stopping"}
    clock.advance(5)
    third = timed_api.post(f"/console/workloads/{wid}/stop")
    assert third.status_code == 202 and third.json()["status"] == "stopped"
    assert third.json()["updatedAt"] == first["updatedAt"]


@pytest.mark.parametrize(
    ("elapsed", "expected"), [(0, "submitted"), (10, "initializing"), (20, "running")]
)
def test_stop_from_any_starting_status(
    timed_api: Api, clock: FakeClock, elapsed: float, expected: str
) -> None:
    wid = timed_api.workload()["id"]
    clock.advance(elapsed)
    assert status(timed_api, wid) == expected
    assert timed_api.post(f"/console/workloads/{wid}/stop").json()["status"] == "stopping"


@pytest.mark.parametrize(
    ("elapsed", "current"), [(0, "submitted"), (10, "initializing"), (20, "running")]
)
def test_start_is_409_unless_stopped_or_errored(
    timed_api: Api, clock: FakeClock, elapsed: float, current: str
) -> None:
    wid = timed_api.workload()["id"]
    clock.advance(elapsed)
    expect_error(timed_api.post(f"/console/workloads/{wid}/start"), 409)
    assert status(timed_api, wid) == current


def test_start_while_stopping_is_409(timed_api: Api, clock: FakeClock) -> None:
    wid = timed_api.workload()["id"]
    timed_api.post(f"/console/workloads/{wid}/stop")
    expect_error(timed_api.post(f"/console/workloads/{wid}/start"), 409)


def test_errored_is_sticky_until_start(timed_api: Api, clock: FakeClock) -> None:
    wid = timed_api.workload()["id"]
    forced = timed_api.client.post(
        f"/__test__/workloads/{wid}/error", json={"message": "boom", "logTail": ["a", "b"]}
    )
    assert forced.status_code == 200
    clock.advance(1000)
    fetched = timed_api.get(item(wid)).json()
    assert fetched["status"] == "errored"
    assert fetched["statusDetails"] == {"message": "boom", "logTail": ["a", "b"]}
    expect_error(timed_api.post(f"/console/workloads/{wid}/stop"), 409)
    restarted = timed_api.post(f"/console/workloads/{wid}/start")
    assert restarted.status_code == 202
    assert restarted.json()["status"] == "submitted"
    assert restarted.json()["statusDetails"] is None


def test_workload_runs_the_spec_captured_at_start(api: Api) -> None:
    artifact = api.artifact(spec=spec(container(imageUri="image:v1")))
    wid = api.workload(artifact["id"])["id"]
    invoke = f"/endpoints/workloads/{wid}/"
    assert api.get(invoke).json()["imageUri"] == "image:v1"
    replaced = api.put(
        f"/registry/artifacts/{artifact['id']}/",
        json=artifact_body(spec=spec(container(imageUri="image:v2"))),
    )
    assert replaced.status_code == 200
    assert api.get(invoke).json()["imageUri"] == "image:v1"
    api.post(f"/console/workloads/{wid}/stop")
    api.post(f"/console/workloads/{wid}/start")
    assert api.get(invoke).json()["imageUri"] == "image:v2"


def test_delete_then_404_and_gone_from_lists(api: Api) -> None:
    keep, gone = api.workload(), api.workload()
    assert api.delete(item(gone["id"])).status_code == 204
    expect_error(api.get(item(gone["id"])), 404)
    expect_error(api.post(f"/console/workloads/{gone['id']}/start"), 404)
    expect_error(api.delete(item(gone["id"])), 404)
    assert [w["id"] for w in api.get(COLLECTION).json()["data"]] == [keep["id"]]


def test_delete_is_refused_while_deployed(api: Api) -> None:
    deployment = api.deployment()
    expect_error(api.delete(item(deployment["workloadId"])), 409)
    api.delete(f"/console/deployments/{deployment['id']}/")
    assert api.delete(item(deployment["workloadId"])).status_code == 204


def test_unknown_workload_actions_are_404(api: Api) -> None:
    for path in ("", "/start", "/stop"):
        method = api.get if path == "" else api.post
        expect_error(method(f"/console/workloads/{'a' * 24}{path}"), 404)
        expect_error(method(f"/console/workloads/nope{path}"), 404)


def test_another_owner_cannot_touch_it(api: Api) -> None:
    wid = api.workload()["id"]
    bob = api.as_token(BOB)
    expect_error(bob.get(item(wid)), 404)
    expect_error(bob.post(f"/console/workloads/{wid}/stop"), 404)
    expect_error(bob.delete(item(wid)), 404)
    assert status(api, wid) == "running"
