"""Waiting for a rolling replacement, by what the workload shows, in fake time: the
observation rules of DataRobot's own clients (docs/architecture.md, "Two dialects")."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.client import models
from datarobot_workloads_provider.rollout import RolloutFailed, wait_for_replacement

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi


def world(rollout_seconds: float = 3.0) -> tuple[FakeTime, FakeCurrentApi, str, str]:
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=rollout_seconds)
    old, new = server.add_artifact("a", "locked"), server.add_artifact("a", "locked")
    return fake, server, server.add_workload(old), new


def test_a_completed_replacement_whose_record_cleared_is_success() -> None:
    fake, server, workload_id, new = world()
    api = server.api()
    started = api.replace_workload(workload_id, new, runtime=None, config={})
    done = wait_for_replacement(
        api, workload_id, started, new, lambda w: True, label="w", timeout=60
    )
    assert done.artifact_id == new and done.replacement is None
    assert 3.0 <= fake.now < 5.0


def test_no_record_at_all_is_success_only_once_the_workload_runs_what_was_asked() -> None:
    fake, server, workload_id, new = world()
    unseen = models.Replacement(id="someone-else", status="initializing")
    server.workloads[workload_id]["artifactId"] = new  # switched, record already gone
    done = wait_for_replacement(
        server.api(), workload_id, unseen, new, lambda w: True, label="w", timeout=60
    )
    assert done.artifact_id == new
    assert fake.now == 0.0


def test_a_replacement_that_does_not_end_in_time_fails_naming_the_workload() -> None:
    _fake, server, workload_id, new = world(rollout_seconds=1000.0)
    api = server.api()
    started = api.replace_workload(workload_id, new, runtime=None, config={})
    with pytest.raises(RolloutFailed, match=r"workload 'w'.*did not finish within 30s"):
        wait_for_replacement(
            api, workload_id, started, new, lambda w: True, label="workload 'w'", timeout=30
        )


def test_a_new_replacement_after_an_errored_one_is_waited_for_afresh() -> None:
    fake, server, workload_id, new = world()
    server.fail_next = "earlier failure"
    api = server.api()
    api.replace_workload(workload_id, new, runtime=None, config={})
    fake.now += 10  # the earlier attempt errored; its record stays
    started = api.replace_workload(workload_id, new, runtime=None, config={})
    done = wait_for_replacement(
        api, workload_id, started, new, lambda w: True, label="w", timeout=60
    )
    assert done.artifact_id == new
