"""The current dialect's adapter where DataRobot's public descriptions disagree
(docs/current-dialect.md, "When DataRobot answers the other way"): each answer the
descriptions allow is read alike."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from datarobot_workloads_provider.client.current import model_runtime
from datarobot_workloads_provider.client.errors import ApiError, ValidationError, error_for
from datarobot_workloads_provider.waiting import watch_of

from tests.support.fake_api import FakeTime, fake_api
from tests.support.fake_current import FakeCurrentApi


@pytest.mark.parametrize(
    "item",
    [
        {"loc": ["body", "runtime", "replicaCount"], "msg": "must be at least 1", "type": "x"},
        {"path": ["body", "runtime", "replicaCount"], "message": "must be at least 1", "code": "x"},
        {"path": "runtime.replicaCount", "message": "must be at least 1", "code": "too_small"},
        {"path": "/runtime/replicaCount", "message": "must be at least 1"},
        {"field": "runtime.replicaCount", "message": "must be at least 1"},
    ],
    ids=["loc-msg-type", "path-list", "path-dotted", "path-pointer", "field"],
)
def test_a_validation_answer_names_the_field_in_either_item_shape(item: dict[str, Any]) -> None:
    error = error_for(422, {"detail": [item]}, method="POST", path="workloads/")
    assert isinstance(error, ValidationError)
    assert error.field_errors == {"runtime.replicaCount": "must be at least 1"}
    assert "runtime.replicaCount: must be at least 1" in str(error)


def test_an_item_with_only_a_code_still_names_its_field() -> None:
    item = {"path": ["body", "name"], "code": "missing"}
    error = error_for(422, {"detail": [item]}, method="POST", path="workloads/")
    assert error.field_errors == {"name": "missing"}


def test_autoscaling_bounds_on_the_group_read_as_each_policys() -> None:
    """Newer clients put the bounds on the autoscaling object: read alike, so a refresh
    of a workload the program bounds per policy shows no change."""
    policy = {"scalingMetric": "cpuAverageUtilization", "target": 70}
    group_level = {
        "enabled": True,
        "minReplicaCount": 2,
        "maxReplicaCount": 4,
        "policies": [policy],
    }
    per_policy = {"enabled": True, "policies": [{**policy, "minCount": 2, "maxCount": 4}]}
    for answered in (group_level, per_policy):
        wire = {"containerGroups": [{"name": "default", "autoscaling": answered}]}
        assert model_runtime(wire) == {"replicaCount": 1, "autoscaling": per_policy}


def test_status_waits_hold_when_the_list_reads_no_ids_and_read_one_page_a_round() -> None:
    """How `ids` is encoded is an open question: an API that reads another encoding lists
    every workload instead. Each wait still gets its own workload's answer, and a round
    reads one page of that list, not all of them."""
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    artifact = server.add_artifact("a", "locked")
    workloads = [server.add_workload(artifact) for _ in range(250)]
    server.list_ignores_ids = True
    waited = [workloads[3], workloads[200]]
    for workload_id in waited:
        server.workloads[workload_id]["status"] = "launching"
    api = server.api()
    watch = watch_of(api)
    first = len(server.requests)
    answers = watch._fetch(waited)
    assert {w: a.id for w, a in answers.items() if not isinstance(a, Exception)} == {
        w: w for w in waited
    }
    reads = server.requests[first:]
    assert reads == ["GET workloads/", f"GET workloads/{workloads[200]}/"], reads


def test_a_redirect_is_an_error_naming_where_it_pointed() -> None:
    """Trailing slashes: DataRobot's clients use both forms, so its API answers both. One
    that redirects instead is named, rather than read as an empty answer."""

    def redirect(request: httpx.Request) -> httpx.Response:
        return httpx.Response(308, headers={"Location": "https://elsewhere.test/workloads/w1"})

    api = fake_api(redirect, FakeTime(), dialect="current")
    with pytest.raises(ApiError) as answered:
        api.get_workload("w1")
    assert answered.value.status_code == 308
    assert "redirect (https://elsewhere.test/workloads/w1)" in str(answered.value)
