"""The workload lifecycle against a workload in fake time: settling to the desired status
and the restart onto a changed draft spec, call by call."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.lifecycle.core import ProviderError
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle

from tests.support.fake_api import FakeTime
from tests.support.fake_workloads import WORKLOAD_ID, WORKLOAD_INPUTS, FakeWorkload

PROPS = dict(WORKLOAD_INPUTS)


def lifecycle_for(workload: FakeWorkload) -> WorkloadLifecycle:
    return WorkloadLifecycle(api=workload.api())


def test_settle_starts_a_stopped_workload_and_waits_for_running() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=2.0, status="stopped")
    settled = lifecycle_for(workload)._settle(WORKLOAD_ID, PROPS)
    assert settled.status == "running"
    assert workload.requests[:2] == ["GET /", "POST start"]
    assert set(workload.requests[2:]) == {"GET /"}
    assert 4.0 <= fake.now <= 5.0


def test_settle_lets_a_stopping_workload_stop_before_starting_it() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=2.0, status="stopping")
    lifecycle_for(workload)._settle(WORKLOAD_ID, PROPS)
    start = workload.requests.index("POST start")
    assert fake.now >= 2.0 + 4.0  # stopped after one step, then two steps to running
    assert workload.requests[:start] == ["GET /"] * start


def test_settle_stops_a_running_workload() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=2.0)
    settled = lifecycle_for(workload)._settle(WORKLOAD_ID, {**PROPS, "desired_status": "stopped"})
    assert settled.status == "stopped"
    assert workload.requests[:2] == ["GET /", "POST stop"]


def test_a_changed_revision_restarts_a_running_workload() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=2.0)
    state = lifecycle_for(workload).update(WORKLOAD_ID, PROPS, {**PROPS, "artifact_revision": "r2"})
    assert state["status"] == "running"
    assert state["artifact_revision"] == "r2"
    actions = [r for r in workload.requests if r.startswith("POST")]
    assert actions == ["POST stop", "POST start"]
    stop, start = workload.requests.index("POST stop"), workload.requests.index("POST start")
    assert stop < start
    assert fake.now >= 2.0 + 4.0


def test_the_same_revision_does_not_restart() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=2.0)
    lifecycle_for(workload).update(WORKLOAD_ID, PROPS, {**PROPS, "start_timeout_seconds": 9.0})
    assert not [r for r in workload.requests if r.startswith("POST")]
    assert fake.now == 0.0


def test_a_restart_that_does_not_finish_in_time_fails_naming_the_timeout() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=100.0)
    with pytest.raises(ProviderError) as failed:
        lifecycle_for(workload).update(WORKLOAD_ID, PROPS, {**PROPS, "artifact_revision": "r2"})
    assert "did not become stopped within 60s" in str(failed.value)
    assert fake.now == pytest.approx(60.0)
