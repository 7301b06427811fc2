"""`adopt_id` (and `import_`, which the SDK turns into it): an object is taken over once,
at the create of a resource the state does not hold, and refused where it differs in
what cannot change in place."""

from __future__ import annotations

from typing import Any

import pytest
from datarobot_workloads_provider.lifecycle.core import ProviderError
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle

from tests.support.fake_api import FakeTime
from tests.support.fake_workloads import WORKLOAD_ID, FakeWorkload

# What FakeWorkload answers: name "w", artifact "a"*24, one replica.
LIVE: dict[str, Any] = {"name": "w", "artifact_id": "a" * 24, "runtime": {"replica_count": 1}}


def lifecycle() -> WorkloadLifecycle:
    return WorkloadLifecycle(api=FakeWorkload(FakeTime()).api())


def test_a_new_resource_keeps_adopt_id_for_its_create() -> None:
    checked = lifecycle().check({}, {**LIVE, "adopt_id": WORKLOAD_ID})
    assert checked.inputs["adopt_id"] == WORKLOAD_ID


def test_a_replacement_does_not_take_over_again_the_object_it_replaces() -> None:
    """The engine checks a resource of the state with its olds, and a replacement a second
    time without them: neither may keep adopt_id, or the replacement's create would adopt
    the object the engine deletes right after."""
    workloads = lifecycle()
    news = {**LIVE, "runtime": {"replica_count": 2}, "adopt_id": WORKLOAD_ID}
    first = workloads.check({**LIVE, "adopt_id": WORKLOAD_ID}, news)
    again = workloads.check({}, news)
    assert "adopt_id" not in first.inputs
    assert "adopt_id" not in again.inputs
    # Another ID, never seen on a resource of the state, is still adopted.
    other = workloads.check({}, {**LIVE, "adopt_id": "x" * 24})
    assert other.inputs["adopt_id"] == "x" * 24


@pytest.mark.parametrize(
    ("key", "value"),
    [("runtime", {"replica_count": 2}), ("artifact_id", "b" * 24), ("name", "other")],
)
def test_adopting_a_workload_that_differs_where_the_older_api_cannot_change_it_is_refused(
    key: str, value: Any
) -> None:
    workload = FakeWorkload(FakeTime())
    props = {**LIVE, key: value, "desired_status": "running", "adopt_id": WORKLOAD_ID}
    with pytest.raises(ProviderError, match=rf"differs from the program in {key}"):
        WorkloadLifecycle(api=workload.api()).create(props)
    assert workload.requests == ["GET /"]


def test_adopting_a_matching_workload_writes_nothing() -> None:
    workload = FakeWorkload(FakeTime())
    props = {**LIVE, "desired_status": "running", "adopt_id": WORKLOAD_ID}
    created = WorkloadLifecycle(api=workload.api()).create(props)
    assert created.id == WORKLOAD_ID
    assert [r for r in workload.requests if not r.startswith("GET")] == []


def test_an_object_taken_over_in_this_command_is_not_deleted_by_it() -> None:
    """`--replace` of an adopted resource checks it once, without olds: its replacement
    adopts the same object, and the engine's delete of the original must not remove it."""
    workload = FakeWorkload(FakeTime())
    lifecycle = WorkloadLifecycle(api=workload.api())
    props = {**LIVE, "desired_status": "running", "adopt_id": WORKLOAD_ID}
    assert lifecycle.create(props).id == WORKLOAD_ID
    lifecycle.delete(WORKLOAD_ID, props)
    assert [r for r in workload.requests if not r.startswith("GET")] == []
