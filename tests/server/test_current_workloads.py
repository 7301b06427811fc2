"""Current dialect: workloads, lists and errors (docs/current-dialect.md, semantics 1, 7-10,
17-19)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.server.conftest import AppFactory
from tests.server.helpers import (
    ALICE,
    Api,
    FakeClock,
    current_artifact,
    current_workload,
    expect_detail,
)


@pytest.fixture
def timed(make_client: AppFactory, clock: FakeClock) -> Callable[..., Api]:
    """Alice on a new app with 10 fake seconds per lifecycle step and other settings."""

    def make(**settings: Any) -> Api:
        return Api(make_client(step_seconds=10, clock=clock, **settings), ALICE)

    return make


def test_1_every_route_answers_with_and_without_its_slash_never_redirecting(api: Api) -> None:
    workload = current_workload(api)
    artifact_id, workload_id = workload["artifactId"], workload["id"]
    repository_id = workload["artifact"]["artifactRepositoryId"]
    reads = [
        "/artifacts",
        f"/artifacts/{artifact_id}",
        "/artifactRepositories",
        f"/artifactRepositories/{repository_id}",
        "/workloads",
        f"/workloads/{workload_id}",
        f"/workloads/{workload_id}/settings",
        f"/workloads/{workload_id}/history",
        f"/endpoints/workloads/{workload_id}",
    ]
    for path in reads:
        for spelling in (path, f"{path}/"):
            response = api.get(spelling, follow_redirects=False)
            assert response.status_code == 200, (spelling, response.status_code)
    # Writes too: the same answer either way.
    for spelling in (f"/workloads/{workload_id}/stop", f"/workloads/{workload_id}/stop/"):
        assert api.post(spelling, follow_redirects=False).status_code in (200, 202)
    for spelling in ("/artifacts", "/artifacts/"):
        body = {"name": "x", "spec": workload_spec(api, artifact_id)}
        assert api.post(spelling, json=body, follow_redirects=False).status_code == 201
    expect_detail(api.get(f"/workloads/{workload_id}/replacement"), 404)
    expect_detail(api.get(f"/workloads/{workload_id}/replacement/"), 404)


def workload_spec(api: Api, artifact_id: str) -> dict[str, Any]:
    return dict(api.get(f"/artifacts/{artifact_id}").json()["spec"])


def test_7_create_needs_a_name_and_answers_submitted_low_with_its_endpoint(api: Api) -> None:
    artifact = current_artifact(api, status="locked")
    expect_detail(
        api.post("/workloads/", json={"artifactId": artifact["id"]}), 422, loc=["body", "name"]
    )
    response = api.post("/workloads/", json={"name": "w", "artifactId": artifact["id"]})
    assert response.status_code == 201, response.text
    workload = response.json()
    assert workload["status"] == "submitted"
    assert workload["importance"] == "low" and workload["replacement"] is None
    assert workload["endpoint"] == f"http://testserver/api/v2/endpoints/workloads/{workload['id']}/"
    assert response.headers["Location"].endswith(f"/api/v2/workloads/{workload['id']}")


def test_8_status_moves_submitted_provisioning_launching_running_on_timers(
    timed: Callable[..., Api], clock: FakeClock
) -> None:
    api = timed()
    workload_id = current_workload(api)["id"]
    seen = []
    for _ in range(4):
        seen.append(api.get(f"/workloads/{workload_id}").json()["status"])
        clock.advance(10)
    assert seen == ["submitted", "provisioning", "launching", "running"]


def test_9_start_and_stop_answer_202_with_tracking_and_200_when_already_there(
    timed: Callable[..., Api], clock: FakeClock
) -> None:
    api = timed()
    workload_id = current_workload(api)["id"]
    clock.advance(30)
    started = api.post(f"/workloads/{workload_id}/start")
    assert started.status_code == 200, started.text  # running: a no-op
    stop = api.post(f"/workloads/{workload_id}/stop")
    assert stop.status_code == 202, stop.text
    body = stop.json()
    assert set(body) == {"status", "workloadId", "trackVia"} and body["workloadId"] == workload_id
    assert body["trackVia"].endswith(f"/api/v2/workloads/{workload_id}")
    assert api.get(f"/workloads/{workload_id}").json()["status"] == "stopping"
    clock.advance(10)
    assert api.get(f"/workloads/{workload_id}").json()["status"] == "stopped"
    assert api.post(f"/workloads/{workload_id}/stop").status_code == 200
    restart = api.post(f"/workloads/{workload_id}/start")
    assert restart.status_code == 202, restart.text
    assert set(restart.json()) == {"status", "workloadId", "trackVia"}
    assert api.get(f"/workloads/{workload_id}").json()["status"] == "submitted"


def test_9_start_of_a_stopping_workload_is_a_conflict(
    timed: Callable[..., Api], clock: FakeClock
) -> None:
    api = timed()
    workload_id = current_workload(api)["id"]
    assert api.post(f"/workloads/{workload_id}/stop").status_code == 202
    expect_detail(api.post(f"/workloads/{workload_id}/start"), 409)


def test_10_patch_takes_name_description_and_importance_only(api: Api) -> None:
    workload = current_workload(api)
    path = f"/workloads/{workload['id']}"
    changed = api.patch(path, json={"name": "n2", "description": "d", "importance": "high"})
    assert changed.status_code == 200, changed.text
    assert (
        changed.json()["name"],
        changed.json()["description"],
        changed.json()["importance"],
    ) == (
        "n2",
        "d",
        "high",
    )
    for field, value in (("artifactId", workload["artifactId"]), ("runtime", {}), ("status", "x")):
        expect_detail(api.patch(path, json={field: value}), 422, loc=["body", field])
    expect_detail(api.patch(path, json={"importance": "urgent"}), 422, loc=["body", "importance"])
    assert api.get(path).json()["name"] == "n2"


def test_17_draft_workloads_terminate_after_their_time_limit_unless_promoted(
    timed: Callable[..., Api], clock: FakeClock
) -> None:
    api = timed(draft_ttl_seconds=3600)
    draft = current_workload(api, current_artifact(api)["id"])
    kept = current_workload(api, current_artifact(api, name="kept")["id"], name="kept")
    locked = current_workload(api, name="locked")
    assert draft["expiresAt"] is not None and locked["expiresAt"] is None
    clock.advance(30)
    promoted = api.post(f"/workloads/{kept['id']}/promote")
    assert promoted.status_code == 202, promoted.text
    assert promoted.json()["expiresAt"] is None
    clock.advance(3600)
    ended = api.get(f"/workloads/{draft['id']}").json()
    assert ended["status"] == "terminated" and "time limit" in ended["statusMessage"]
    assert api.get(f"/workloads/{kept['id']}").json()["status"] == "running"
    assert api.get(f"/workloads/{locked['id']}").json()["status"] == "running"
    # Invoke no longer answers; a start runs it again for a new time limit.
    expect_detail(api.get(f"/endpoints/workloads/{draft['id']}/"), 503)
    assert api.post(f"/workloads/{draft['id']}/start").status_code == 202
    clock.advance(30)
    again = api.get(f"/workloads/{draft['id']}").json()
    assert again["status"] == "running" and again["expiresAt"] is not None


def test_18_lists_default_to_10_reject_limit_over_100_and_answer_five_keys(api: Api) -> None:
    artifact = current_artifact(api, status="locked")
    for index in range(12):
        current_workload(api, artifact["id"], name=f"w{index:02d}")
    page = api.get("/workloads").json()
    assert set(page) == {"count", "next", "previous", "data", "totalCount"}
    assert (page["count"], page["totalCount"], page["previous"]) == (10, 12, None)
    assert page["next"] is not None and "offset=10" in page["next"]
    rest = api.get(page["next"]).json()
    assert rest["count"] == 2 and rest["next"] is None
    expect_detail(api.get("/workloads?limit=101"), 422, loc=["query", "limit"])
    expect_detail(api.get("/artifacts?limit=101"), 422, loc=["query", "limit"])
    assert api.get("/workloads?limit=100").json()["count"] == 12
    names = [item["name"] for item in api.get("/workloads?orderBy=name&limit=3").json()["data"]]
    assert names == ["w00", "w01", "w02"]
    expect_detail(api.get("/workloads?orderBy=size"), 422, loc=["query", "orderBy"])
    found = api.get("/workloads", params={"search": "W11"}).json()
    assert [item["name"] for item in found["data"]] == ["w11"]
    for key in ("artifacts", "artifactRepositories"):
        assert set(api.get(f"/{key}").json()) == {"count", "next", "previous", "data", "totalCount"}


def test_18_lists_filter_by_the_documented_fields(api: Api) -> None:
    locked = current_artifact(api, status="locked")
    draft = current_artifact(api, name="draft")
    first = current_workload(api, locked["id"], importance="high")
    current_workload(api, draft["id"], name="other")
    by_importance = api.get("/workloads", params={"importance[]": "high"}).json()
    assert [item["id"] for item in by_importance["data"]] == [first["id"]]
    by_artifact = api.get("/workloads", params={"artifactId": locked["id"]}).json()
    assert by_artifact["totalCount"] == 1
    by_status = api.get("/artifacts", params={"status": "locked"}).json()
    assert [item["id"] for item in by_status["data"]] == [locked["id"]]
    by_repository = api.get("/artifacts", params={"repositoryId": draft["artifactRepositoryId"]})
    assert [item["id"] for item in by_repository.json()["data"]] == [draft["id"]]
    by_ids = api.get("/artifacts", params=[("ids", locked["id"]), ("ids", draft["id"])]).json()
    assert by_ids["totalCount"] == 2


def test_19_validation_failures_are_422_lists_of_loc_msg_type(api: Api) -> None:
    unknown = api.post("/artifacts/", json={"name": "a", "spec": {"containerGroups": []}, "x": 1})
    detail = expect_detail(unknown, 422, loc=["body", "x"])
    assert {"loc": ["body", "x"], "msg": "unknown field", "type": "extra_forbidden"} in detail
    nested = api.post(
        "/workloads/",
        json={"name": "w", "artifactId": current_artifact(api)["id"], "runtime": {"cpu": 1}},
    )
    expect_detail(nested, 422, loc=["body", "runtime", "cpu"])
    # Errors other than 422 carry one sentence.
    assert isinstance(expect_detail(api.get("/workloads/0123456789abcdef01234567"), 404), str)
    unauthenticated = api.as_token(None).get("/workloads")
    expect_detail(unauthenticated, 401)


def test_a_draft_backs_at_most_one_workload(api: Api) -> None:
    draft = current_artifact(api)
    current_workload(api, draft["id"])
    expect_detail(api.post("/workloads/", json={"name": "b", "artifactId": draft["id"]}), 409)


def test_runtime_is_checked_against_the_artifact_and_sizes_become_bytes(api: Api) -> None:
    artifact = current_artifact(api, status="locked")
    runtime = {
        "containerGroups": [
            {
                "name": "default",
                "replicaCount": 2,
                "containers": [
                    {"name": "app", "resourceAllocation": {"cpu": 1, "memory": "512Mi"}}
                ],
            }
        ]
    }
    workload = current_workload(api, artifact["id"], runtime=runtime)
    group = workload["runtime"]["containerGroups"][0]
    assert group["replicaCount"] == 2
    assert group["containers"][0]["resourceAllocation"]["memory"] == 512 * 1024 * 1024
    wrong = {"containerGroups": [{"name": "other"}]}
    response = api.post(
        "/workloads/", json={"name": "w", "artifactId": artifact["id"], "runtime": wrong}
    )
    expect_detail(response, 422, loc=["body", "runtime", "containerGroups", 0, "name"])
    both = {"containerGroups": [{"replicaCount": 1, "autoscaling": {"enabled": True}}]}
    response = api.post(
        "/workloads/", json={"name": "w", "artifactId": artifact["id"], "runtime": both}
    )
    expect_detail(response, 422, loc=["body", "runtime", "containerGroups", 0, "replicaCount"])
