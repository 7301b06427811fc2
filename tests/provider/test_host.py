"""Finding the dynamic provider host's thread pool, so waits can run side by side."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from datarobot_workloads_provider.host import _pools_of_threads, _widen


def test_the_pool_serving_a_call_is_found_through_its_threads_and_widened() -> None:
    pool = ThreadPoolExecutor(max_workers=4)
    try:
        found = pool.submit(_pools_of_threads).result(timeout=10)
        assert pool in found
        assert _widen(found, 64) >= 1
        assert pool._max_workers == 64
        # Already wide enough: nothing changes the second time.
        assert _widen([pool], 64) == 0
    finally:
        pool.shutdown()


def test_threads_that_are_not_pool_workers_are_left_alone() -> None:
    assert all(isinstance(p, ThreadPoolExecutor) for p in _pools_of_threads())
