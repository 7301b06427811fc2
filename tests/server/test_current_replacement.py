"""Current dialect: settings, rolling replacement, promote and history, in the simulated
runtime with fake time (docs/current-dialect.md, semantics 11-16)."""

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
MINUTE = 6.0  # fake seconds per rollout minute


@pytest.fixture
def rollout_api(make_client: AppFactory, clock: FakeClock) -> Api:
    """Steps of 10 fake seconds, rollout minutes of 6, completed records linger 1 s."""
    client = make_client(
        step_seconds=STEP, clock=clock, rollout_minute_seconds=MINUTE, replacement_linger_seconds=1
    )
    return Api(client, ALICE)


def running_workload(api: Api, clock: FakeClock, **artifact: Any) -> dict[str, Any]:
    workload = current_workload(api, current_artifact(api, status="locked", **artifact)["id"])
    clock.advance(3 * STEP)
    assert api.get(f"/workloads/{workload['id']}").json()["status"] == "running"
    return workload


def next_version(api: Api, workload: dict[str, Any], image: str = "r/app:2") -> dict[str, Any]:
    return current_artifact(
        api,
        status="locked",
        artifactRepositoryId=workload["artifact"]["artifactRepositoryId"],
        spec=spec(container(imageUri=image)),
    )


def replace(api: Api, workload_id: str, artifact_id: str, **config: float) -> Any:
    body: dict[str, Any] = {"artifactId": artifact_id, "strategy": "rolling"}
    if config:
        body["config"] = config
    return api.post(f"/workloads/{workload_id}/replacement", json=body)


def test_11_settings_roll_the_runtime_onto_the_same_artifact(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    path = f"/workloads/{workload['id']}/settings"
    assert api.get(path).json()["runtime"]["containerGroups"][0]["replicaCount"] == 1
    runtime = {"containerGroups": [{"name": "default", "replicaCount": 3}]}
    answer = api.patch(path, json={"runtime": runtime})
    assert answer.status_code == 202, answer.text
    record = answer.json()
    assert record["candidateArtifactId"] == workload["artifactId"]
    assert record["status"] == "submitted" and record["strategy"] == "rolling"
    expect_detail(api.patch(path, json={"runtime": runtime}), 409)
    expect_detail(replace(api, workload["id"], workload["artifactId"]), 409)
    clock.advance(2 * STEP)
    after = api.get(f"/workloads/{workload['id']}").json()
    assert after["runtime"]["containerGroups"][0]["replicaCount"] == 3
    assert after["artifactId"] == workload["artifactId"]


def test_12_replacement_needs_artifact_and_rolling_and_refuses_draft_locked_swaps(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    path = f"/workloads/{workload['id']}/replacement"
    expect_detail(api.post(path, json={"strategy": "rolling"}), 422, loc=["body", "artifactId"])
    expect_detail(
        api.post(path, json={"artifactId": candidate["id"]}), 422, loc=["body", "strategy"]
    )
    expect_detail(
        api.post(path, json={"artifactId": candidate["id"], "strategy": "blue-green"}),
        422,
        loc=["body", "strategy"],
    )
    draft = current_artifact(api, name="draft")
    expect_detail(replace(api, workload["id"], draft["id"]), 409)
    # And the other way round: a workload on a draft takes drafts only.
    on_draft = current_workload(api, current_artifact(api, name="d2")["id"], name="on-draft")
    expect_detail(replace(api, on_draft["id"], candidate["id"]), 409)
    assert api.get(f"/workloads/{workload['id']}").json()["replacement"] is None


def test_13_during_a_replacement_the_workload_runs_answers_and_keeps_its_identity(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    answer = replace(api, workload["id"], candidate["id"], warmupDurationMinutes=2)
    assert answer.status_code == 202, answer.text
    invoke = f"/endpoints/workloads/{workload['id']}/ping"
    seen = []
    for _ in range(6):  # every 6 s: steps of 10 s, then a warm-up of 2 minutes (12 s)
        now = api.get(f"/workloads/{workload['id']}").json()
        assert now["status"] == "running"
        assert (now["id"], now["endpoint"]) == (workload["id"], workload["endpoint"])
        assert now["replacement"]["status"] not in ("completed", "errored")
        assert now["artifactId"] == workload["artifactId"]
        seen.append(now["replacement"]["status"])
        reply = api.get(invoke)
        assert reply.status_code == 200 and reply.json()["imageUri"] == "registry.example/app:1"
        clock.advance(MINUTE)
    assert seen == ["submitted"] * 2 + ["initializing"] * 2 + ["switching"] * 2


def test_14_on_success_the_artifact_switches_then_the_record_clears_into_history(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    assert replace(api, workload["id"], candidate["id"], keepOldVersionMinutes=1).status_code == 202
    clock.advance(2 * STEP)
    switched = api.get(f"/workloads/{workload['id']}").json()
    assert switched["artifactId"] == candidate["id"]
    assert switched["replacement"]["status"] == "cleaning_up"  # the old version is kept
    reply = api.get(f"/endpoints/workloads/{workload['id']}/")
    assert reply.json()["imageUri"] == "r/app:2"
    clock.advance(MINUTE)
    done = api.get(f"/workloads/{workload['id']}/replacement")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert done.json()["switchedAt"] is not None
    clock.advance(1)
    expect_detail(api.get(f"/workloads/{workload['id']}/replacement"), 404)
    after = api.get(f"/workloads/{workload['id']}").json()
    assert after["replacement"] is None and after["artifactId"] == candidate["id"]
    assert (after["id"], after["endpoint"]) == (workload["id"], workload["endpoint"])
    history = api.get(f"/workloads/{workload['id']}/history").json()
    assert [(item["status"], item["candidateArtifactId"]) for item in history["data"]] == [
        ("completed", candidate["id"])
    ]


def test_15_an_injected_failure_leaves_an_errored_record_and_the_artifact_unchanged(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    planned = api.put(
        "/__test__/replacement-failures",
        json={"message": "candidate never became ready", "workloadId": workload["id"]},
    )
    assert planned.status_code == 200, planned.text
    assert replace(api, workload["id"], candidate["id"]).status_code == 202
    clock.advance(5 * STEP)
    failed = api.get(f"/workloads/{workload['id']}").json()
    assert failed["replacement"]["status"] == "errored"
    assert failed["replacement"]["message"] == "candidate never became ready"
    assert failed["artifactId"] == workload["artifactId"] and failed["status"] == "running"
    record = api.get(f"/workloads/{workload['id']}/replacement")
    assert record.status_code == 200 and record.json()["status"] == "errored"
    assert record.json()["message"] == "candidate never became ready"
    assert api.get(f"/endpoints/workloads/{workload['id']}/").json()["imageUri"] == (
        "registry.example/app:1"
    )
    # The failure was planned once: the next request succeeds.
    assert replace(api, workload["id"], candidate["id"]).status_code == 202
    clock.advance(2 * STEP)
    assert api.get(f"/workloads/{workload['id']}").json()["artifactId"] == candidate["id"]
    statuses = [
        item["status"] for item in api.get(f"/workloads/{workload['id']}/history").json()["data"]
    ]
    assert statuses == ["completed", "errored"]  # newest first


def test_16_promote_locks_the_running_draft_in_place(rollout_api: Api, clock: FakeClock) -> None:
    api = rollout_api
    draft = current_artifact(api)
    workload = current_workload(api, draft["id"])
    expect_detail(api.post(f"/workloads/{workload['id']}/promote"), 422)  # not running yet
    clock.advance(3 * STEP)
    promoted = api.post(f"/workloads/{workload['id']}/promote")
    assert promoted.status_code == 202, promoted.text
    body = promoted.json()
    assert body["status"] == "running" and body["id"] == workload["id"]
    assert body["artifactId"] == draft["id"]
    assert (body["artifact"]["status"], body["artifact"]["version"]) == ("locked", 1)
    locked = api.get(f"/artifacts/{draft['id']}").json()
    assert (locked["status"], locked["version"]) == ("locked", 1)
    history = api.get(f"/workloads/{workload['id']}/history").json()
    assert history["count"] == 1 and history["data"][0]["status"] == "completed"
    expect_detail(api.post(f"/workloads/{workload['id']}/promote"), 422)  # no longer a draft


def test_delete_cancels_an_active_replacement_and_clears_a_failed_one(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    expect_detail(api.delete(f"/workloads/{workload['id']}/replacement"), 404)
    assert replace(api, workload["id"], candidate["id"], warmupDurationMinutes=5).status_code == 202
    canceled = api.delete(f"/workloads/{workload['id']}/replacement")
    assert canceled.status_code == 202, canceled.text
    assert canceled.json()["status"] == "errored" and canceled.json()["message"]
    clock.advance(100)
    after = api.get(f"/workloads/{workload['id']}").json()
    assert after["replacement"] is None and after["artifactId"] == workload["artifactId"]
    history = api.get(f"/workloads/{workload['id']}/history").json()["data"]
    assert [(item["status"], item["isDeleted"]) for item in history] == [("errored", True)]


def test_stop_cancels_a_replacement_and_a_stopped_workload_switches_at_once(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    assert replace(api, workload["id"], candidate["id"]).status_code == 202
    assert api.post(f"/workloads/{workload['id']}/stop").status_code == 202
    stopped = api.get(f"/workloads/{workload['id']}").json()
    assert stopped["replacement"]["status"] == "errored"
    assert stopped["artifactId"] == workload["artifactId"]
    clock.advance(STEP)
    answer = replace(api, workload["id"], candidate["id"])
    assert answer.status_code == 202 and answer.json()["status"] == "completed"
    assert api.get(f"/workloads/{workload['id']}").json()["artifactId"] == candidate["id"]


def test_delete_after_the_switch_drains_the_previous_version_and_completes(
    rollout_api: Api, clock: FakeClock
) -> None:
    api = rollout_api
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    assert replace(api, workload["id"], candidate["id"], keepOldVersionMinutes=5).status_code == 202
    clock.advance(2 * STEP)
    assert api.get(f"/workloads/{workload['id']}").json()["replacement"]["status"] == "cleaning_up"
    done = api.delete(f"/workloads/{workload['id']}/replacement")
    assert done.status_code == 202 and done.json()["status"] == "completed"
    expect_detail(api.get(f"/workloads/{workload['id']}/replacement"), 404)
    after = api.get(f"/workloads/{workload['id']}").json()
    assert after["artifactId"] == candidate["id"] and after["replacement"] is None
    history = api.get(f"/workloads/{workload['id']}/history").json()["data"]
    assert [(item["status"], item["isDeleted"]) for item in history] == [("completed", True)]
    expect_detail(api.get("/workloads/0123456789abcdef01234567/replacement"), 404)
