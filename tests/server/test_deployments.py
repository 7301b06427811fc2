"""Deployment rules: registered artifacts only, metadata PATCH, delete, and stats."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.helpers import BOB, Api, FakeClock, expect_error

COLLECTION = "/console/deployments/"


def item(deployment_id: str) -> str:
    return f"/console/deployments/{deployment_id}/"


def test_create_defaults_and_status(api: Api) -> None:
    workload = api.registered_workload()
    response = api.post(COLLECTION, json={"name": "prod", "workloadId": workload["id"]})
    assert response.status_code == 201, response.text
    deployment = response.json()
    assert set(deployment) == {
        "id", "name", "workloadId", "description", "importance", "status", "endpoint",
        "createdAt", "updatedAt",
    }  # fmt: skip
    assert deployment["importance"] == "low"
    assert deployment["description"] is None
    assert deployment["status"] == "running"
    assert deployment["endpoint"] == (
        f"http://testserver/api/v2/endpoints/deployments/{deployment['id']}/"
    )


def test_status_is_the_workloads(timed_api: Api, clock: FakeClock) -> None:
    deployment = timed_api.deployment()
    assert deployment["status"] == "submitted"
    clock.advance(20)
    assert timed_api.get(item(deployment["id"])).json()["status"] == "running"
    timed_api.post(f"/console/workloads/{deployment['workloadId']}/stop")
    assert timed_api.get(item(deployment["id"])).json()["status"] == "stopping"


def test_draft_artifact_cannot_be_deployed(api: Api) -> None:
    workload = api.workload()
    body = {"name": "d", "workloadId": workload["id"]}
    expect_error(api.post(COLLECTION, json=body), 422, field="workloadId")
    api.patch(f"/registry/artifacts/{workload['artifactId']}/", json={"status": "registered"})
    assert api.post(COLLECTION, json=body).status_code == 201


INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("missing name", {"workloadId": "0" * 24}, "name"),
    ("missing workload", {"name": "d"}, "workloadId"),
    ("unknown workload", {"name": "d", "workloadId": "0" * 24}, "workloadId"),
    ("malformed workload", {"name": "d", "workloadId": "w"}, "workloadId"),
    ("bad importance", {"name": "d", "workloadId": "0" * 24, "importance": "urgent"}, "importance"),
    ("unknown field", {"name": "d", "workloadId": "0" * 24, "region": "eu"}, "region"),
    ("name too long", {"name": "n" * 256, "workloadId": "0" * 24}, "name"),
]


@pytest.mark.parametrize(("body", "field"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_create_rejects(api: Api, body: dict[str, Any], field: str) -> None:
    expect_error(api.post(COLLECTION, json=body), 422, field=field)


def test_foreign_or_deleted_workload_is_422(api: Api) -> None:
    foreign = api.as_token(BOB).registered_workload()
    expect_error(
        api.post(COLLECTION, json={"name": "d", "workloadId": foreign["id"]}),
        422,
        field="workloadId",
    )
    mine = api.registered_workload()
    api.delete(f"/console/workloads/{mine['id']}/")
    expect_error(
        api.post(COLLECTION, json={"name": "d", "workloadId": mine["id"]}), 422, field="workloadId"
    )


def test_patch_metadata(timed_api: Api, clock: FakeClock) -> None:
    deployment = timed_api.deployment(description="first")
    clock.advance(1)
    patched = timed_api.patch(item(deployment["id"]), json={"name": "n2", "importance": "critical"})
    assert patched.status_code == 200
    doc = patched.json()
    assert (doc["name"], doc["importance"], doc["description"]) == ("n2", "critical", "first")
    assert doc["updatedAt"] > deployment["updatedAt"]
    cleared = timed_api.patch(item(deployment["id"]), json={"description": None}).json()
    assert cleared["description"] is None
    clock.advance(1)
    unchanged = timed_api.patch(item(deployment["id"]), json={}).json()
    assert unchanged["updatedAt"] == cleared["updatedAt"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"workloadId": "0" * 24}, "workloadId"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"importance": "none"}, "importance"),
        ({"status": "running"}, "status"),
    ],
)
def test_patch_rejects(api: Api, body: dict[str, Any], field: str) -> None:
    deployment = api.deployment()
    expect_error(api.patch(item(deployment["id"]), json=body), 422, field=field)
    assert api.get(item(deployment["id"])).json() == deployment


def test_delete_then_404(api: Api) -> None:
    deployment = api.deployment()
    assert api.delete(item(deployment["id"])).status_code == 204
    expect_error(api.get(item(deployment["id"])), 404)
    expect_error(api.get(f"{item(deployment['id'])}stats/"), 404)
    expect_error(api.patch(item(deployment["id"]), json={"name": "x"}), 404)
    assert api.get(COLLECTION).json()["totalCount"] == 0


def test_stats_without_traffic(api: Api) -> None:
    deployment = api.deployment()
    stats = api.get(f"{item(deployment['id'])}stats/").json()
    assert stats["deploymentId"] == deployment["id"]
    assert stats["period"]["start"] == deployment["createdAt"]
    assert stats["period"]["end"] >= stats["period"]["start"]
    assert stats["metrics"] == {
        "totalRequests": 0,
        "requestsPerMinute": 0.0,
        "responseTimeMs": 0.0,
        "serverErrors": 0,
        "userErrors": 0,
        "serverErrorRate": 0.0,
        "userErrorRate": 0.0,
    }


def test_stats_count_deployment_traffic_only(timed_api: Api, clock: FakeClock) -> None:
    deployment = timed_api.deployment()
    did, wid = deployment["id"], deployment["workloadId"]
    # Not running yet: a 503, counted as a server error.
    assert timed_api.get(f"/endpoints/deployments/{did}/").status_code == 503
    clock.advance(20)
    for path in ("/", "/a", "/b?x=1"):
        assert timed_api.post(f"/endpoints/deployments/{did}{path}", json={}).status_code == 200
    # Through the workload's own endpoint: not the deployment's traffic.
    assert timed_api.get(f"/endpoints/workloads/{wid}/").status_code == 200
    # Unauthenticated: not counted.
    assert timed_api.as_token(None).get(f"/endpoints/deployments/{did}/").status_code == 401
    clock.advance(100)  # the period is now 2 minutes
    stats = timed_api.get(f"{item(did)}stats/").json()
    metrics = stats["metrics"]
    assert metrics["totalRequests"] == 4
    assert metrics["serverErrors"] == 1 and metrics["userErrors"] == 0
    assert metrics["serverErrorRate"] == 0.25 and metrics["userErrorRate"] == 0.0
    assert metrics["requestsPerMinute"] == 2.0
    assert metrics["responseTimeMs"] > 0
    updated = timed_api.get(item(did)).json()["updatedAt"]
    assert updated == deployment["updatedAt"], "traffic is not a write"


def test_stats_spelling_without_slash(api: Api) -> None:
    deployment = api.deployment()
    assert api.get(f"/console/deployments/{deployment['id']}/stats").status_code == 200


def test_another_owner_sees_nothing(api: Api) -> None:
    deployment = api.deployment()
    bob = api.as_token(BOB)
    expect_error(bob.get(item(deployment["id"])), 404)
    expect_error(bob.get(f"{item(deployment['id'])}stats/"), 404)
    expect_error(bob.patch(item(deployment["id"]), json={"name": "x"}), 404)
    assert bob.get(COLLECTION).json()["totalCount"] == 0
