"""`replace_on_changes` on the Python resources: the diff replaces where the option names
a changed input (the dynamic provider host gives the engine no changed keys to apply it
to)."""

from __future__ import annotations

from typing import Any

import pytest
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle
from datarobot_workloads_provider.replace_on_changes import REPLACE_ON_CHANGES, named_by

from tests.support.fake_api import FakeTime
from tests.support.fake_workloads import FakeWorkload

CHANGED = ("runtime", "desired_status")


@pytest.mark.parametrize(
    ("paths", "named"),
    [
        (["desired_status"], ["desired_status"]),
        (["runtime.replica_count"], ["runtime"]),  # a nested path names its input
        (['["runtime"]'], ["runtime"]),
        (["spec.container_groups[0]"], []),  # unchanged
        (["*"], list(CHANGED)),
        ([], []),
        (None, []),
    ],
)
def test_named_by(paths: Any, named: list[str]) -> None:
    assert named_by(CHANGED, paths) == named


def test_the_diff_replaces_where_the_option_names_a_change() -> None:
    lifecycle = WorkloadLifecycle(api=FakeWorkload(FakeTime()).api())
    olds = {"name": "w", "artifact_id": "a" * 24, "runtime": {}, "desired_status": "running"}
    stopped = {**olds, "desired_status": "stopped"}
    assert lifecycle.diff(olds, stopped).replaces == ()
    forced = lifecycle.diff(olds, {**stopped, REPLACE_ON_CHANGES: ["desired_status"]})
    assert forced.replaces == ("desired_status",)
    # Named but unchanged: nothing to do.
    assert not lifecycle.diff(olds, {**olds, REPLACE_ON_CHANGES: ["desired_status"]}).changes
