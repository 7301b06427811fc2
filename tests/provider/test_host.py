"""Adjusting the dynamic provider host: its thread pool (`pool`), and its exit
(`fast_exit`), both through `host.adapt_to_host`."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from datarobot_workloads_provider import fast_exit, host
from datarobot_workloads_provider.pool import _pools_of_threads, _widen


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


# A program that ends normally after hooking the exit: an earlier exit handler, output
# left in a buffer, and a module-level object whose finaliser only teardown would run.
EXITING_PROGRAM = """
import atexit, sys
from datarobot_workloads_provider import host

class FreedAtTeardown:
    def __del__(self):
        sys.stderr.write("teardown ran\\n")

kept = FreedAtTeardown()
atexit.register(lambda: sys.stderr.write("earlier exit handler ran\\n"))
if {hook}:
    assert host.exit_without_teardown()
    assert not host.exit_without_teardown()
sys.stdout = open(sys.stdout.fileno(), "w", buffering=65536, closefd=False)
sys.stdout.write("buffered output")
{ending}
"""


def _run_exiting_program(
    *, hook: bool, ending: str = "", keep_teardown: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != host.KEEP_TEARDOWN}
    if keep_teardown:
        env[host.KEEP_TEARDOWN] = "1"
    return subprocess.run(
        [sys.executable, "-c", EXITING_PROGRAM.format(hook=hook, ending=ending)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


@pytest.mark.parametrize("hook", [True, False], ids=["hooked", "normal-teardown"])
def test_exit_without_teardown_runs_exit_handlers_flushes_and_skips_teardown(hook: bool) -> None:
    done = _run_exiting_program(hook=hook)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "buffered output"
    assert "earlier exit handler ran" in done.stderr
    # The control run shows the finaliser does run when teardown happens.
    assert ("teardown ran" in done.stderr) is not hook


def test_the_switch_keeps_the_normal_teardown() -> None:
    # The program asserts that the hook took; with the switch set, it does not take.
    done = _run_exiting_program(hook=True, keep_teardown=True)
    assert done.returncode == 1
    assert "AssertionError" in done.stderr
    assert "teardown ran" in done.stderr


def test_exit_without_teardown_keeps_the_failure_status_of_an_uncaught_exception() -> None:
    done = _run_exiting_program(hook=True, ending="raise RuntimeError('main failed')")
    assert done.returncode == 1
    assert "RuntimeError: main failed" in done.stderr
    assert "earlier exit handler ran" in done.stderr
    assert done.stdout == "buffered output"


def test_outside_the_dynamic_provider_host_nothing_is_adapted() -> None:
    assert not host.in_dynamic_host()
    host.adapt_to_host()
    assert not fast_exit._exit_hooked
