"""Waiting for workloads' statuses, in fake time: the pace of the polls, the timeout and a
failure, each asserted to the pause; then many waits at once, which share one poll and
each get exactly their own answer, whatever happens to the others."""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass

import httpx
import pytest
from datarobot_workloads_provider.client.errors import NotFoundError, ServerError
from datarobot_workloads_provider.client.retry import POLL
from datarobot_workloads_provider.waiting import (
    IDS_PER_POLL,
    LONGEST_NAP,
    SHARED_BY,
    SHORTEST_GAP,
    WaitFailed,
    wait_for_status,
    watch_of,
)

from tests.support.fake_api import FakeTime, fake_api
from tests.support.fake_workloads import WORKLOAD_ID, FakeWorkload
from tests.support.thread_waits import wait_each_on_a_thread

LIST_PATH = "/api/v2/console/workloads/"


def test_polls_at_once_then_at_least_every_second_early_then_back_off() -> None:
    fake = FakeTime()
    workload = FakeWorkload(fake, step=20.0, status="submitted")
    polled_at = _timestamps(workload, fake)
    found = wait_for_status(workload.api(), WORKLOAD_ID, "running", label="w", timeout=900)
    assert found.status == "running"
    # Running from 40 s on: noticed within one poll.
    assert 40.0 <= fake.now <= 40.0 + POLL.cap
    gaps = [b - a for a, b in itertools.pairwise(polled_at)]
    assert polled_at[0] == 0.0
    assert gaps[:4] == pytest.approx([0.2, 0.3, 0.45, 0.675])
    early = [gap for gap, at in zip(gaps, polled_at, strict=False) if at < 30]
    assert max(early) <= 1.0
    assert max(gaps) <= POLL.cap
    assert gaps[-1] > 1.0  # backed off after the first half minute
    # Asleep between polls, but never longer than a nap, to notice newly begun waits.
    assert max(fake.sleeps) <= LONGEST_NAP


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


def _timestamps(workload: FakeWorkload, fake: FakeTime) -> list[float]:
    """When each of the workload's GETs arrived, in fake time."""
    times: list[float] = []
    handle = workload.handle

    def timed(request: httpx.Request) -> httpx.Response:
        times.append(fake.now)
        return handle(request)

    workload.handle = timed  # type: ignore[method-assign]
    return times


# Many waits at once -----------------------------------------------------------------


@dataclass
class Fate:
    """What one fake workload does: running (or `errored`) from `ready_at`; `gone` at
    any time answers 404 and drops out of lists."""

    ready_at: float
    errored: bool = False
    gone: bool = False


class Fleet:
    """Workloads in fake time behind one API client: item GETs and `?ids=` lists."""

    def __init__(self, fake: FakeTime, fates: dict[str, Fate]) -> None:
        self.fake = fake
        self.fates = fates
        self.lock = threading.Lock()
        self.item_gets = 0
        self.lists: list[int] = []  # how many ids each list asked about
        self.listed_at: list[float] = []  # when each list arrived, in fake time
        self.fail_lists = 0
        # Fake time runs as fast as the code asks: the first answer waits until every
        # wait has begun, as the waits of one `up` begin within the first poll's pause.
        self.all_waiting = threading.Event()

    def body(self, workload_id: str) -> dict[str, object]:
        fate = self.fates[workload_id]
        ready = self.fake.now >= fate.ready_at
        status = ("errored" if fate.errored else "running") if ready else "initializing"
        broken = status == "errored"
        details = {"message": f"{workload_id} broke", "logTail": []} if broken else None
        return {
            "id": workload_id,
            "name": workload_id,
            "artifactId": "a" * 24,
            "runtime": {"replicaCount": 1},
            "status": status,
            "statusDetails": details,
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        assert self.all_waiting.wait(timeout=30)
        path = request.url.path
        with self.lock:
            if path == LIST_PATH:
                ids = request.url.params.get_list("ids")
                self.lists.append(len(ids))
                self.listed_at.append(self.fake.now)
                if self.fail_lists:
                    self.fail_lists -= 1
                    return httpx.Response(500, json={"message": "list broke"})
                data = [self.body(i) for i in ids if i in self.fates and not self.fates[i].gone]
                return httpx.Response(200, json={"count": len(data), "data": data, "next": None})
            workload_id = path.removeprefix(LIST_PATH).strip("/")
            self.item_gets += 1
            fate = self.fates.get(workload_id)
            if fate is None or fate.gone:
                return httpx.Response(404, json={"message": "Workload not found."})
            return httpx.Response(200, json=self.body(workload_id))


def _wait_all(
    fleet: Fleet, *, timeout: float = 900, max_retries: int = 0
) -> dict[str, str | BaseException]:
    """Every workload of the fleet waited for at once, each on its own thread; returns
    what each wait ended with: the status reached, or the exception it raised."""
    api = fake_api(fleet.handle, fleet.fake, max_retries=max_retries)

    def one(workload_id: str) -> str:
        found = wait_for_status(api, workload_id, "running", label=workload_id, timeout=timeout)
        assert found.id == workload_id
        return found.status

    return wait_each_on_a_thread(api, list(fleet.fates), one, fleet.all_waiting)


def _ids(count: int) -> list[str]:
    return [f"{n:024x}" for n in range(count)]


def test_two_hundred_waits_share_polls_and_each_gets_its_own_answer() -> None:
    fake = FakeTime()
    fleet = Fleet(fake, {i: Fate(ready_at=3.0 + n % 7 * 0.1) for n, i in enumerate(_ids(200))})
    results = _wait_all(fleet)
    assert results == dict.fromkeys(fleet.fates, "running")
    # Each ended on the poll after it started: no wait sat through extra rounds.
    assert fake.now <= 3.6 + 1.0
    assert max(fleet.lists) <= IDS_PER_POLL
    # A few list calls in all, instead of a GET per workload per round.
    polls = len(fleet.lists) + fleet.item_gets
    assert polls / 200 < 0.5, (fleet.lists, fleet.item_gets)


def test_up_to_shared_by_waits_keep_the_lone_pace() -> None:
    """A poll of a few waits costs each of them a share of a read already: it keeps the
    pace of a lone wait, so a small `up` reads no more than it did."""
    fake = FakeTime()
    fleet = Fleet(fake, {i: Fate(ready_at=3.0) for i in _ids(SHARED_BY)})
    assert _wait_all(fleet) == dict.fromkeys(fleet.fates, "running")
    # (The first wait to begin reads its own workload before the others join it.)
    gaps = [b - a for a, b in itertools.pairwise(fleet.listed_at)]
    assert gaps == pytest.approx([0.2, 0.3, 0.45, 0.675, 1.0, 1.0])
    assert len(fleet.lists) + fleet.item_gets == 8


def test_a_poll_serving_many_waits_comes_sooner_and_sees_each_start_within_a_gap() -> None:
    """Fifty workloads that get there together, off the polls' grid. (Once some have
    ended, a poll serves fewer and slows again by design, so workloads that get there one
    after another are not all seen within a gap; this one moment is the sharp case.)"""
    fake = FakeTime()
    ready = dict.fromkeys(_ids(5 * SHARED_BY), 3.07)
    fleet = Fleet(fake, {i: Fate(ready_at=at) for i, at in ready.items()})
    ended: dict[str, float] = {}
    handle = fleet.handle

    def noting_ends(request: httpx.Request) -> httpx.Response:
        response = handle(request)
        for body in response.json().get("data", []):
            if body["status"] == "running":
                ended.setdefault(body["id"], fleet.fake.now)
        return response

    fleet.handle = noting_ends  # type: ignore[method-assign]
    assert _wait_all(fleet) == dict.fromkeys(fleet.fates, "running")
    # Every workload seen running within one gap of getting there, none a second late.
    lags = [ended[i] - at for i, at in ready.items()]
    assert max(lags) <= SHORTEST_GAP + 1e-9, max(lags)
    gaps = [b - a for a, b in itertools.pairwise(fleet.listed_at)]
    assert min(gaps) >= SHORTEST_GAP - 1e-9
    # Each wait still costs the API at most a SHARED_BY-th of a lone wait's reads: seven
    # for a workload that runs from 3 s on (see the test above).
    assert (len(fleet.lists) + fleet.item_gets) / len(ready) <= 7 / SHARED_BY


def test_each_wait_fails_with_its_own_workloads_failure_and_the_others_go_on() -> None:
    fake = FakeTime()
    ids = _ids(30)
    fates = {i: Fate(ready_at=2.0) for i in ids}
    fates[ids[3]] = Fate(ready_at=1.0, errored=True)
    fates[ids[7]] = Fate(ready_at=2.0, gone=True)
    fates[ids[11]] = Fate(ready_at=5000.0)  # never starts: its own timeout
    fleet = Fleet(fake, fates)
    results = _wait_all(fleet, timeout=60)
    failed = {i: r for i, r in results.items() if r != "running"}
    assert set(failed) == {ids[3], ids[7], ids[11]}
    assert isinstance(failed[ids[3]], WaitFailed) and f"{ids[3]} broke" in str(failed[ids[3]])
    assert isinstance(failed[ids[7]], NotFoundError)
    assert isinstance(failed[ids[11]], WaitFailed)
    assert "did not become running within 60s" in str(failed[ids[11]])


def test_a_failed_poll_fails_the_waits_it_asked_about_and_nothing_else() -> None:
    fake = FakeTime()
    fleet = Fleet(fake, {i: Fate(ready_at=2.0) for i in _ids(150)})
    fleet.fail_lists = 1
    results = _wait_all(fleet)
    failed = [r for r in results.values() if r != "running"]
    # The list that failed asked about some of the waits; each of those fails with the
    # API's error, the rest reach running.
    assert failed and all(isinstance(r, ServerError) for r in failed)
    assert len(failed) <= IDS_PER_POLL
    assert len(failed) < len(results)


def test_when_the_polling_wait_ends_another_takes_over() -> None:
    fake = FakeTime()
    ids = _ids(20)
    # The first wait polls first and ends first; the others need more rounds.
    fates = {i: Fate(ready_at=1.0 + n) for n, i in enumerate(ids)}
    results = _wait_all(Fleet(fake, fates))
    assert results == dict.fromkeys(ids, "running")


def test_a_polling_wait_that_is_cancelled_hands_the_polling_on() -> None:
    """The thread that polls is interrupted (its sleep raises, as a cancelled thread
    would): that wait ends with the interruption, the others are still served."""
    fake = FakeTime()
    fleet = Fleet(fake, {i: Fate(ready_at=2.0) for i in _ids(10)})
    real_sleep = fake.sleep
    interrupted: list[str] = []

    def sleep(seconds: float) -> None:
        if not interrupted:
            interrupted.append(threading.current_thread().name)
            raise KeyboardInterrupt
        real_sleep(seconds)

    fake.sleep = sleep  # type: ignore[method-assign]
    results = _wait_all(fleet)
    cancelled = [r for r in results.values() if isinstance(r, KeyboardInterrupt)]
    assert len(cancelled) == 1
    assert sum(r == "running" for r in results.values()) == 9


def test_a_lone_wait_reads_its_workload_and_never_lists() -> None:
    fake = FakeTime()
    fleet = Fleet(fake, {WORKLOAD_ID: Fate(ready_at=1.0)})
    assert _wait_all(fleet) == {WORKLOAD_ID: "running"}
    assert fleet.lists == []
    assert fleet.item_gets >= 2


def test_waits_that_begin_one_after_another_share_polls_a_gap_apart() -> None:
    """As the creates of one `up` do: each wait begins while the others' poll is under
    way. Each would be due at once; they join the next poll instead."""
    fake = FakeTime()
    ids = _ids(40)
    # Running only after every wait has begun (one begins per poll).
    fleet = Fleet(fake, {i: Fate(ready_at=30.0) for i in ids})
    fleet.all_waiting.set()
    polled_at: list[float] = []
    results: dict[str, str] = {}
    threads: list[threading.Thread] = []

    def one(workload_id: str) -> None:
        found = wait_for_status(api, workload_id, "running", label=workload_id, timeout=900)
        results[workload_id] = found.status

    def begin_next() -> None:
        if len(threads) < len(ids):
            thread = threading.Thread(target=one, args=(ids[len(threads)],))
            threads.append(thread)
            thread.start()
            while watch.waiting < len(threads) and thread.is_alive():
                time.sleep(0.001)

    def handle(request: httpx.Request) -> httpx.Response:
        polled_at.append(fake.now)
        begin_next()  # one more wait begins during every poll
        return fleet.handle(request)

    api = fake_api(handle, fake)
    watch = watch_of(api)
    begin_next()
    deadline = time.monotonic() + 60
    while (any(t.is_alive() for t in threads) or len(threads) < len(ids)) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.01)
    assert results == dict.fromkeys(ids, "running")
    gaps = [b - a for a, b in itertools.pairwise(polled_at)]
    assert min(gaps) >= POLL.first - 1e-9, polled_at
