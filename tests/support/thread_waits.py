"""Many waits at once, each on its own thread, as the provider host runs the creates and
rollouts of one `up`: the harness the shared-poll tests of `waiting.py` and `rollout.py`
drive their fleets through.

The fake server holds every read until all the waits have begun (the test's handler
waits on `release`), since the waits of one `up` begin within the first poll's pause;
then each wait's outcome is recorded once, and the harness fails if one ends twice,
never ends, or leaves the client's watch counting a waiter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from datarobot_workloads_provider.waiting import watch_of

if TYPE_CHECKING:
    from datarobot_workloads_provider.client.api import WorkloadApi

T = TypeVar("T")
JOIN_SECONDS = 60


def wait_each_on_a_thread(
    api: WorkloadApi,
    workload_ids: Sequence[str],
    wait: Callable[[str], T],
    release: threading.Event,
) -> dict[str, T | BaseException]:
    """`wait(workload_id)` for every workload at once, each on its own thread; returns
    what each ended with: what `wait` returned, or the exception it raised (an assertion
    of `wait` included: the test inspects it)."""
    results: dict[str, T | BaseException] = {}
    doubled: list[str] = []
    lock = threading.Lock()

    def one(workload_id: str) -> None:
        outcome: T | BaseException
        try:
            outcome = wait(workload_id)
        except BaseException as error:  # the test inspects it
            outcome = error
        with lock:
            if workload_id in results:
                doubled.append(workload_id)
            results[workload_id] = outcome

    threads = [threading.Thread(target=one, args=(i,)) for i in workload_ids]
    for thread in threads:
        thread.start()
    watch = watch_of(api)
    while watch.waiting < len(threads) and any(t.is_alive() for t in threads):
        time.sleep(0.001)
    release.set()
    for thread in threads:
        thread.join(timeout=JOIN_SECONDS)
    assert not any(t.is_alive() for t in threads), "a wait never ended"
    assert not doubled, f"a wait ended twice: {doubled}"
    assert watch.waiting == 0
    return results
