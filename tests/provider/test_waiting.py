"""Waiting for a workload's status, in fake time: the pace of the polls, the timeout and a
failure, each asserted to the pause."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.client.retry import POLL
from datarobot_workloads_provider.waiting import WaitFailed, wait_for_status

from tests.support.fake_api import FakeTime
from tests.support.fake_workloads import WORKLOAD_ID, FakeWorkload


def test_polls_at_least_every_second_early_then_back_off() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=20.0, status="submitted")
    found = wait_for_status(workload.api(), WORKLOAD_ID, "running", label="w", timeout=900)
    assert found.status == "running"
    # Running from 40 s on: noticed within one poll.
    assert 40.0 <= fake.now <= 40.0 + POLL.cap
    assert fake.sleeps[:4] == pytest.approx([0.2, 0.3, 0.45, 0.675])
    early = [pause for pause, at in zip(fake.sleeps, _times(fake.sleeps), strict=True) if at < 30]
    assert max(early) <= 1.0
    assert max(fake.sleeps) <= POLL.cap
    assert fake.sleeps[-1] > 1.0  # backed off after the first half minute


def test_a_timeout_names_the_last_status_and_waits_no_longer() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=1000.0, status="submitted")
    with pytest.raises(WaitFailed) as failed:
        wait_for_status(workload.api(), WORKLOAD_ID, "running", label="w", timeout=10)
    assert "did not become running within 10s (last status: submitted)" in str(failed.value)
    assert fake.now == pytest.approx(10.0)


def test_an_errored_workload_fails_at_once_with_its_logs() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, status="errored")
    with pytest.raises(WaitFailed) as failed:
        wait_for_status(workload.api(), WORKLOAD_ID, "running", label="w", timeout=900)
    assert "w errored: boom" in str(failed.value)
    assert "line 1" in str(failed.value)
    assert fake.sleeps == []


def _times(sleeps: list[float]) -> list[float]:
    """When each pause began."""
    out, now = [], 0.0
    for pause in sleeps:
        out.append(now)
        now += pause
    return out
