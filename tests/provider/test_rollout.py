"""Waiting for a rolling replacement, by what the workload shows, in fake time: the
observation rules of DataRobot's own clients (docs/architecture.md, "Two dialects")."""

from __future__ import annotations

import threading

import httpx
import pytest
from datarobot_workloads_provider.client import models
from datarobot_workloads_provider.client.current import CurrentWorkloadApi
from datarobot_workloads_provider.rollout import RolloutFailed, wait_for_replacement
from datarobot_workloads_provider.waiting import SHARED_BY

from tests.support.fake_api import FakeTime, fake_api
from tests.support.fake_current import FakeCurrentApi
from tests.support.thread_waits import wait_each_on_a_thread


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


def test_many_rollouts_at_once_share_list_polls_and_each_gets_its_own_outcome() -> None:
    """A fleet rolled over at once, each wait on its own thread: the waits share the
    client's status poll (lists by `ids`), and each ends with its own workload's fate."""
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=3.0)
    old, new = server.add_artifact("a", "locked"), server.add_artifact("a", "locked")
    lone = server.add_workload(old)
    fleet = [server.add_workload(old) for _ in range(180)]
    failing, slow = fleet[3], fleet[7]
    api = server.api()

    # A lone rollout, for the count to compare with: its own GETs at the lone pace.
    started = api.replace_workload(lone, new, runtime=None, config={})
    before = len(server.requests)
    wait_for_replacement(api, lone, started, new, lambda w: True, label="lone", timeout=60)
    lone_reads = len(server.requests) - before
    assert lone_reads >= 5

    # The fleet, rolled over at once in a fresh client: no read answers before every
    # wait has begun, as the waits of one `up` begin within the first poll's pause.
    all_waiting = threading.Event()

    def gated(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            assert all_waiting.wait(timeout=30)
        return server.handle(request)

    generic = fake_api(gated, fake, dialect="current")
    fleet_api = CurrentWorkloadApi(generic.settings, transport=generic.transport)
    starts: dict[str, models.Replacement] = {}
    for workload_id in fleet:
        server.fail_next = "no capacity" if workload_id == failing else ""
        starts[workload_id] = fleet_api.replace_workload(workload_id, new, runtime=None, config={})

    def one(workload_id: str) -> str:
        done = wait_for_replacement(
            fleet_api,
            workload_id,
            starts[workload_id],
            new,
            lambda w: True,
            label=f"workload {workload_id}",
            timeout=2 if workload_id == slow else 60,
        )
        assert done.id == workload_id
        return done.artifact_id or ""

    before = len(server.requests)
    results = wait_each_on_a_thread(fleet_api, fleet, one, all_waiting)

    failed = {i: r for i, r in results.items() if r != new}
    assert set(results) == set(fleet)
    assert set(failed) == {failing, slow}
    assert isinstance(failed[failing], RolloutFailed)
    assert f"workload {failing}: the rolling replacement onto artifact {new} failed: " in str(
        failed[failing]
    )
    assert "no capacity" in str(failed[failing])
    assert isinstance(failed[slow], RolloutFailed)
    assert f"workload {slow}: " in str(failed[slow])
    assert "did not finish within 2s" in str(failed[slow])
    reads = server.requests[before:]
    assert all(r.startswith("GET ") for r in reads)
    assert any(r.rstrip("/") == "GET workloads" for r in reads)
    # A fraction of a read per workload, at most a SHARED_BY-th of a lone wait's.
    assert len(reads) / len(fleet) <= lone_reads / SHARED_BY, (len(reads), lone_reads)


@pytest.mark.parametrize("word", ["failed", "canceled", "cancelled"])
def test_every_word_for_an_unswitched_end_is_a_failure(word: str) -> None:
    """DataRobot's docs name `failed` beside `errored`; a canceled replacement (DELETE
    /replacement, or by someone else) never switches either."""
    fake, server, workload_id, new = world(rollout_seconds=1000.0)
    api = server.api()
    started = api.replace_workload(workload_id, new, runtime=None, config={})
    server.workloads[workload_id]["replacement"].update(status=word, message=f"it {word}")
    with pytest.raises(RolloutFailed, match=f"failed: it {word}"):
        wait_for_replacement(api, workload_id, started, new, lambda w: True, label="w", timeout=60)
    assert fake.now < 1.0
