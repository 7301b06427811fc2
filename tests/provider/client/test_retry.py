"""The retry policy: its pauses, and every kind of wait taking time from one Timing."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.client.retry import LOST_ANSWER, POLL, Backoff, Timing

from tests.support.fake_api import FakeTime
from tests.support.fake_workloads import WORKLOAD_ID, FakeWorkload


def test_pauses_grow_to_their_cap() -> None:
    backoff = Backoff(first=0.25, factor=2, cap=8)
    assert [backoff.nominal(n) for n in range(1, 8)] == [0.25, 0.5, 1, 2, 4, 8, 8]
    assert backoff.nominal(10_000) == 8  # no overflow after a long outage
    assert [LOST_ANSWER.nominal(n) for n in (2, 3, 4, 5)] == [1.0, 2.0, 4.0, 4.0]


def test_polls_hold_a_lower_cap_early() -> None:
    assert POLL.following(0.9, elapsed=5) == 1.0
    assert POLL.following(1.0, elapsed=31) == 1.5
    assert POLL.following(4.0, elapsed=100) == 5.0


def test_jitter_stays_between_half_and_all_and_retry_after_wins() -> None:
    fake = FakeTime()
    timing = Timing(clock=fake.clock, sleep=fake.sleep)
    jittered = Backoff(first=4, cap=4, jitter=True)
    for _ in range(50):
        assert 2 <= timing.pause(jittered, 1) <= 4
    assert timing.pause(jittered, 1, retry_after=7) == 7
    assert timing.pause(jittered, 1, retry_after=600) == 60  # never longer than a minute


def test_a_lost_start_answer_is_checked_and_the_pauses_are_the_policy() -> None:
    """The start's answer is lost but the start happened: the client sees the
    workload moving and does not send it again; no real time passes."""
    fake = FakeTime()
    workload = FakeWorkload(fake, status="stopped")
    workload.lose_answers = 1
    api = workload.api()
    started = api.start_workload(WORKLOAD_ID)
    assert started.status in ("submitted", "initializing", "running")
    assert workload.requests.count("POST start") == 1
    assert fake.sleeps == []  # the start took effect: nothing to wait for


def test_a_start_that_did_not_happen_is_sent_again_after_a_pause() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, status="stopped")
    workload.fail_actions = 1
    started = workload.api().start_workload(WORKLOAD_ID)
    assert started.status == "submitted"
    assert workload.requests == ["POST start", "GET /", "POST start"]
    assert fake.sleeps == [pytest.approx(LOST_ANSWER.nominal(2))]
