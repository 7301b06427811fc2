"""Refresh: the state's inputs follow what the API holds, so `ignore_changes` of an input
changed outside keeps the live value instead of the program's old one."""

from __future__ import annotations

from typing import Any

from datarobot_workloads_provider.definitions import ARTIFACT, WORKLOAD
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle
from datarobot_workloads_provider.workload import WorkloadProvider

from tests.support.fake_api import FakeTime
from tests.support.fake_workloads import WORKLOAD_ID, WORKLOAD_INPUTS, FakeWorkload

# The state before the refresh: three replicas, where the API (FakeWorkload) has one now.
STALE: dict[str, Any] = {
    **WORKLOAD_INPUTS,
    "runtime": {"replica_count": 3},
    "status": "running",
    "endpoint": "http://old/",
}


def test_a_refresh_gives_the_inputs_of_the_live_object() -> None:
    found = WorkloadLifecycle(api=FakeWorkload(FakeTime()).api()).read(WORKLOAD_ID, STALE)
    assert found.inputs == {
        "name": "w",
        "artifact_id": "a" * 24,
        "runtime": found.state["runtime"],
        "desired_status": "running",
        "artifact_revision": "r1",  # provider-only: kept from the state
        "start_timeout_seconds": 60.0,
    }
    assert found.state["runtime"]["replica_count"] == 1


def test_the_dynamic_provider_hands_the_engine_those_inputs() -> None:
    provider = WorkloadProvider()
    provider._lifecycle = WorkloadLifecycle(api=FakeWorkload(FakeTime()).api())
    result = provider.read(WORKLOAD_ID, STALE)
    assert result.inputs is not None
    assert result.inputs["runtime"]["replica_count"] == 1
    assert not {"status", "endpoint", "created_at"} & result.inputs.keys()


def test_what_check_computes_is_an_input_of_a_refresh_too() -> None:
    """An artifact's check adds its spec_revision to the inputs: a refresh that left it
    out would show every artifact as changed."""
    assert ARTIFACT.checked_names[-1] == "spec_revision"
    assert set(ARTIFACT.checked_names) - {"spec_revision"} == set(ARTIFACT.property_names) - {
        item.name for item in ARTIFACT.outputs
    }
    assert WORKLOAD.checked_names == tuple(WORKLOAD.inputs_class.__annotations__)
