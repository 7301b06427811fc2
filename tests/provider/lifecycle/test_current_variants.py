"""The lifecycle against a current-dialect API that answers the open questions the other
way (docs/current-dialect.md, "When DataRobot answers the other way"), in fake time."""

from __future__ import annotations

import math
from typing import Any

import pytest
from datarobot_workloads_provider.lifecycle.core import ProviderError
from datarobot_workloads_provider.lifecycle.workload import GONE_SECONDS, WorkloadLifecycle

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi

CURRENT: dict[str, Any] = {"api_dialect": "current"}


def test_a_delete_the_api_takes_before_the_workload_is_gone_waits_for_the_404() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.delete_after = 4.0
    WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    assert workload_id not in server.workloads
    assert 4.0 <= fake.now < 6.0
    assert server.requests.count(f"DELETE workloads/{workload_id}/") == 1


def test_a_synchronous_delete_costs_one_read_to_confirm() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    assert server.requests == [f"DELETE workloads/{workload_id}/", f"GET workloads/{workload_id}/"]
    assert fake.now == 0.0


def test_a_workload_that_stays_after_its_delete_fails_it_quoting_the_api() -> None:
    """One schema answers 200 with a detail when some protons could not be stopped: the
    workload must not leave the stack while it still stands."""
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.delete_after = math.inf
    server.delete_detail = "2 protons could not be stopped"
    with pytest.raises(ProviderError) as failed:
        WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    text = str(failed.value)
    assert f"workload {workload_id} is still there {GONE_SECONDS:g}s after" in text
    assert "2 protons could not be stopped" in text and "stays in the stack" in text


def test_a_delete_answered_502_says_the_workload_may_still_exist() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.delete_status = 502
    with pytest.raises(ProviderError) as failed:
        WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    text = str(failed.value)
    assert f"deleting workload {workload_id} failed" in text and "HTTP 502" in text
    assert "may still exist" in text and "stays in the stack" in text
    assert workload_id in server.workloads
