"""The test control that answers open questions of the current dialect the other way
(`/__test__/variants`; docs/current-dialect.md, "When DataRobot answers the other way"):
off by default, each switch changes exactly its answer, and clearing it restores the
documented decision."""

from __future__ import annotations

import time

from tests.server.conftest import AppFactory
from tests.server.helpers import ALICE, Api, FakeClock, current_artifact, current_workload
from tests.server.test_current_replacement import STEP, next_version, replace, running_workload

OFF = {
    "lockGivesNewId": False,
    "deleteSeconds": 0.0,
    "erroredReplacementsClear": False,
    "validationItems": "loc",
}


def test_every_switch_is_off_until_set_and_reset_clears_it(api: Api) -> None:
    assert api.client.get("/__test__/variants").json() == OFF
    answer = api.client.put("/__test__/variants", json={"lockGivesNewId": True})
    assert answer.status_code == 200 and answer.json() == {**OFF, "lockGivesNewId": True}
    refused = api.client.put("/__test__/variants", json={"deleteSeconds": -1})
    assert refused.status_code == 422 and "deleteSeconds" in refused.text
    assert api.client.post("/__test__/reset").status_code == 204
    assert api.client.get("/__test__/variants").json() == OFF


def test_locking_can_answer_a_new_artifact_and_leave_the_draft(api: Api) -> None:
    draft = current_artifact(api)
    api.client.put("/__test__/variants", json={"lockGivesNewId": True})
    locked = api.patch(f"/artifacts/{draft['id']}", json={"status": "locked"}).json()
    assert locked["id"] != draft["id"]
    assert (locked["status"], locked["version"]) == ("locked", 1)
    assert locked["artifactRepositoryId"] == draft["artifactRepositoryId"]
    assert api.get(f"/artifacts/{draft['id']}").json()["status"] == "draft"
    api.client.delete("/__test__/variants")
    kept = api.patch(f"/artifacts/{draft['id']}", json={"status": "locked"}).json()
    assert (kept["id"], kept["version"]) == (draft["id"], 2)


def test_a_workload_delete_can_answer_before_the_workload_is_gone(api: Api) -> None:
    workload = current_workload(api)
    api.client.put("/__test__/variants", json={"deleteSeconds": 0.3})
    deleted = api.delete(f"/workloads/{workload['id']}")
    assert deleted.status_code == 202, deleted.text
    assert api.get(f"/workloads/{workload['id']}").status_code == 200
    in_use = api.delete(f"/artifacts/{workload['artifactId']}")
    assert in_use.status_code == 409
    deadline = time.monotonic() + 5
    while api.get(f"/workloads/{workload['id']}").status_code != 404:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert api.delete("/workloads/0123456789abcdef01234567").status_code == 404


def test_an_errored_replacement_can_clear_like_a_completed_one(
    make_client: AppFactory, clock: FakeClock
) -> None:
    client = make_client(step_seconds=STEP, clock=clock, replacement_linger_seconds=1)
    api = Api(client, ALICE)
    client.put("/__test__/variants", json={"erroredReplacementsClear": True})
    workload = running_workload(api, clock)
    candidate = next_version(api, workload)
    client.put("/__test__/replacement-failures", json={"message": "no capacity"})
    assert replace(api, workload["id"], candidate["id"]).status_code == 202
    clock.advance(5 * STEP)
    assert api.get(f"/workloads/{workload['id']}").json()["replacement"]["status"] == "errored"
    clock.advance(2)
    assert api.get(f"/workloads/{workload['id']}").json()["replacement"] is None
    assert api.get(f"/workloads/{workload['id']}/replacement").status_code == 404
    history = api.get(f"/workloads/{workload['id']}/history").json()["data"]
    assert [(item["status"], item["message"]) for item in history] == [("errored", "no capacity")]


def test_validation_items_can_say_path_message_and_code(api: Api) -> None:
    api.client.put("/__test__/variants", json={"validationItems": "path"})
    refused = api.post("/workloads/", json={"artifactId": current_artifact(api)["id"]})
    assert refused.status_code == 422
    assert refused.json() == {
        "detail": [{"path": ["body", "name"], "message": "required", "code": "missing"}]
    }
    api.client.delete("/__test__/variants")
    again = api.post("/workloads/", json={"artifactId": current_artifact(api)["id"]})
    assert set(again.json()["detail"][0]) == {"loc", "msg", "type"}
