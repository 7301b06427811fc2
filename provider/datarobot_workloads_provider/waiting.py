"""Waiting for workloads to reach a status: one poll serves every workload waited on.

A create waits for `running` on a thread of the provider host, and an `up` of two hundred
workloads has two hundred of them waiting at once. If each polled for itself, the API
would see two hundred GETs per round and the pollers would sleep and wake out of step. So
the waits of one API client share a `StatusWatch`: whichever waiter finds nobody polling
polls for all of them, one list call per hundred workloads (`GET .../workloads/?ids=...`;
a lone waiter reads its one workload), and every waiter wakes to its own answer. The
waiter that polls hands the job on when its own wait ends, so no thread exists just to
poll, and a waiter that leaves early (its answer, its timeout, an exception in its
thread) never stalls the others.

Each waiter keeps its own pace, the retry policy's `POLL` from the moment it began
waiting, and a poll goes out when the soonest of them is due, so a wait that just began
is served at the pace of a new one. A list poll costs each wait it serves a fraction of a
read, so when it serves more than `SHARED_BY` waits the next one comes sooner in
proportion (never closer than `SHORTEST_GAP`): each wait still costs the API at most a
`SHARED_BY`th of the reads it would make alone, and with fifty waits a workload that is
up is seen within `SHORTEST_GAP` instead of within a second (at the lone pace a 3 s
start-up is seen at 3.6 s). Up to `SHARED_BY` waits keep the lone pace and its reads.

A wait is a consumer of one workload's answers (`StatusWatch.follow`): the status wait
here, and the rolling replacement's wait (`rollout.py`), which judges the same answers
by the workload's replacement record; both share the one poll.

The clock and sleep are the API client's (`client.retry`), so a test with a fake clock
drives every wait. Everything else is per workload: its status changes, its failure
(errored, gone, timed out), its answer.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import progress
from .client.errors import ApiError, NotFoundError
from .client.retry import POLL

if TYPE_CHECKING:
    from .client.api import WorkloadApi
    from .client.models import Workload

# The list endpoint's largest page: one poll asks about this many workloads at most.
IDS_PER_POLL = 100
# The poller re-reads the waiters at least this often, so a wait that begins while it
# sleeps through an older wait's long pause is not served late by more than this.
LONGEST_NAP = POLL.early_cap or 1.0
# Polls are at least this far apart. A wait's first poll is due at once, and two hundred
# creates begin their waits one after another within a second or two: without a gap,
# each would send a poll of its own.
SHORTEST_GAP = POLL.first
# A poll serving more waits than this comes sooner in proportion (see the module).
SHARED_BY = 10


class WaitFailed(Exception):
    """The workload errored or did not get there in time; `workload` is its last state."""

    def __init__(self, message: str, workload: Workload | None) -> None:
        super().__init__(message)
        self.workload = workload


def wait_for_status(
    api: WorkloadApi,
    workload_id: str,
    target: str,
    *,
    label: str,
    timeout: float,
) -> Workload:
    """Returns once the workload is `target`; fails fast on `errored`. The first poll goes
    out at once (with the others' if a poll is due), then at the pace of `POLL`."""
    return watch_of(api).wait(workload_id, target, label=label, timeout=timeout)


def wait_until_gone(
    api: WorkloadApi,
    workload_id: str,
    *,
    label: str,
    timeout: float,
    said: str | None = None,
) -> None:
    """Returns once reading the workload answers 404. The current API may take a
    workload's DELETE before the workload is gone (DataRobot's Terraform provider polls
    for the 404; one schema answers 200 with a detail when some of it could not be
    stopped): a delete reported done while the workload still stands would let the next
    step meet it (its artifact's delete refused as in use), or leave it running unseen.
    `said` is what the DELETE's answer said, quoted if the workload stays."""
    with watch_of(api).follow(workload_id, timeout=timeout) as answers:
        while True:
            elapsed, answer = next(answers)
            if isinstance(answer, NotFoundError):
                return
            if isinstance(answer, ApiError):
                raise answer
            if elapsed >= timeout:
                quoted = f"; the API said: {said}" if said else ""
                raise WaitFailed(
                    f"{label} is still there {timeout:g}s after the API took its delete "
                    f"(status {answer.status}{quoted}); it stays in the stack, so the next "
                    "`pulumi destroy` (or `up`) tries again",
                    answer,
                )


def describe_failure(workload: Workload) -> str:
    details = workload.status_details
    if details is None:
        return "no details from the server"
    text = details.message or "no message from the server"
    if details.log_tail:
        tail = "\n    ".join(details.log_tail[-20:])
        text += f"\n  last log lines:\n    {tail}"
    return text


_watches: weakref.WeakKeyDictionary[WorkloadApi, StatusWatch] = weakref.WeakKeyDictionary()
_watches_lock = threading.Lock()


def watch_of(api: WorkloadApi) -> StatusWatch:
    """The one watch of an API client (the provider process has one client per endpoint)."""
    with _watches_lock:
        watch = _watches.get(api)
        if watch is None:
            watch = _watches[api] = StatusWatch(api)
        return watch


@dataclass(eq=False)
class _Waiter:
    """One wait: its pace, and the answers the poller left for it."""

    workload_id: str
    started: float
    deadline: float
    delay: float = POLL.first
    due: float = 0.0
    answers: list[tuple[float, Workload | ApiError]] = field(default_factory=list)

    def polled(self, at: float, shared_by: int) -> None:
        """After a poll at `at` that served `shared_by` waits: the next one is due after
        this wait's own pause, shortened in proportion when the poll served many."""
        pause = self.delay * min(1.0, SHARED_BY / shared_by)
        self.due = min(at + pause, self.deadline)
        self.delay = POLL.following(self.delay, at - self.started)


class StatusWatch:
    """The waits of one API client, and the one poll that serves them (see the module)."""

    def __init__(self, api: WorkloadApi) -> None:
        self._api = api
        self._changed = threading.Condition()
        self._waiters: list[_Waiter] = []
        self._poller: _Waiter | None = None
        self._last_poll: float | None = None
        # Requests each poll made, for the benchmark's and the tests' reading.
        self.polls = 0

    @property
    def waiting(self) -> int:
        with self._changed:
            return len(self._waiters)

    def wait(
        self,
        workload_id: str,
        target: str,
        *,
        label: str,
        timeout: float,
    ) -> Workload:
        last_status: str | None = None
        with self.follow(workload_id, timeout=timeout) as answers:
            while True:
                elapsed, answer = next(answers)
                if isinstance(answer, ApiError):
                    raise answer
                workload = answer
                if workload.status != last_status:
                    if last_status is not None or workload.status != target:
                        progress.info(f"{label}: {workload.status} ({elapsed:.1f}s)")
                    last_status = workload.status
                if workload.status == target:
                    return workload
                if workload.status == "errored" and target != "errored":
                    raise WaitFailed(f"{label} errored: {describe_failure(workload)}", workload)
                if elapsed >= timeout:
                    raise WaitFailed(
                        f"{label} did not become {target} within {timeout:g}s (last status: "
                        f"{workload.status}); raise start_timeout_seconds if it needs longer",
                        workload,
                    )

    @contextmanager
    def follow(
        self, workload_id: str, *, timeout: float
    ) -> Iterator[Iterator[tuple[float, Workload | ApiError]]]:
        """One workload's answers, (seconds since the wait began, workload or the error
        reading it raised), endlessly, at the shared pace, the last one due at `timeout`:
        each kind of wait (a status, a rolling replacement) judges them its own way, and
        leaving the block hands the polling on."""
        started = self._api.timing.clock()
        waiter = _Waiter(workload_id, started, started + timeout, due=started)
        with self._changed:
            self._waiters.append(waiter)
        try:
            yield self._answers(waiter)
        finally:
            with self._changed:
                self._waiters.remove(waiter)
                # Only a poller's leaving is news to the others (one of them polls next):
                # waking all two hundred waiters for every wait that ends would cost the
                # host N x N wake-ups for nothing.
                if self._poller is waiter:
                    self._poller = None
                    self._changed.notify_all()

    def _answers(self, waiter: _Waiter) -> Iterator[tuple[float, Workload | ApiError]]:
        while True:
            for at, answer in self._next_answers(waiter):
                yield at - waiter.started, answer

    def _next_answers(self, waiter: _Waiter) -> list[tuple[float, Workload | ApiError]]:
        """Waits for the next answer about `waiter`'s workload, polling for everyone when
        nobody else does."""
        with self._changed:
            while not waiter.answers:
                if self._poller is None:
                    self._poller = waiter
                    break
                self._changed.wait()
            else:
                return self._take(waiter)
        try:
            while True:
                self._poll_when_due()
                with self._changed:
                    if waiter.answers:
                        return self._take(waiter)
        finally:
            with self._changed:
                if self._poller is waiter:
                    self._poller = None
                self._changed.notify_all()

    @staticmethod
    def _take(waiter: _Waiter) -> list[tuple[float, Workload | ApiError]]:
        answers, waiter.answers = waiter.answers, []
        return answers

    def _poll_when_due(self) -> None:
        """One step of the poller: sleeps towards the soonest due wait (never longer than
        LONGEST_NAP, to notice waits that began meanwhile), or polls every wait."""
        timing = self._api.timing
        with self._changed:
            waiters = list(self._waiters)
        due = min(w.due for w in waiters)
        if self._last_poll is not None:
            due = max(due, self._last_poll + SHORTEST_GAP)
        pause = due - timing.clock()
        if pause > 0:
            timing.sleep(min(pause, LONGEST_NAP))
            return
        self._last_poll = timing.clock()
        ids = list(dict.fromkeys(w.workload_id for w in waiters))
        answers = self._fetch(ids)
        at = timing.clock()
        with self._changed:
            for w in waiters:
                answer = answers.get(w.workload_id)
                if answer is not None:
                    w.answers.append((at, answer))
                    w.polled(at, len(ids))
            self._changed.notify_all()

    def _fetch(self, ids: list[str]) -> dict[str, Workload | ApiError]:
        """The current state of each workload, or the error that reading it raised."""
        answers: dict[str, Workload | ApiError] = {}
        if len(ids) == 1:
            return {ids[0]: self._get(ids[0])}
        for start in range(0, len(ids), IDS_PER_POLL):
            chunk = ids[start : start + IDS_PER_POLL]
            self.polls += 1
            try:
                # One page: with the `ids` filter it holds them all. An API that reads
                # another encoding of it (`ids[]`, comma separated) lists everything
                # instead, and following its `next` links would read the whole list
                # every round; the ones the page lacks are read one by one below.
                listed = self._api.list_workloads(ids=chunk, limit=IDS_PER_POLL)
                page = itertools.islice(listed, IDS_PER_POLL)
                answers.update((w.id, w) for w in page if w.id in chunk)
            except ApiError as error:
                answers.update((workload_id, error) for workload_id in chunk)
        # Not listed: gone, or not visible to the list yet. Its own read says which.
        for workload_id in ids:
            if workload_id not in answers:
                answers[workload_id] = self._get(workload_id)
        return answers

    def _get(self, workload_id: str) -> Workload | ApiError:
        self.polls += 1
        try:
            return self._api.get_workload(workload_id)
        except ApiError as error:
            return error
