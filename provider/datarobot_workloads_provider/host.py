"""Two adjustments to the process Pulumi starts to serve dynamic providers (the exit also
to our own plugin process, `native`).

Waits side by side: the host serves gRPC calls from a thread pool of four workers. A
workload create waits for `running`; with four workers, fifty workloads would wait in
thirteen rounds one after another. Waiting threads cost nothing, so when our provider is
configured inside that host we raise the pool's ceiling. If the SDK ever changes its pool,
this finds nothing and the provider still works, only slower.

Exit without teardown: the engine ends every command by interrupting the host and waiting
for it to exit, so the interpreter's teardown (freeing every module: pydantic and httpx
make it 0.1-0.25 s) is on the critical path of every `pulumi` command. Nothing of ours
needs it: exit handlers still run and output is flushed, then the process exits at once.
Set DATAROBOT_WORKLOADS_HOST_TEARDOWN=1 to keep the normal teardown (to compare, or for a
tool that hooks into it).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

HOST_WORKERS = 64
KEEP_TEARDOWN = "DATAROBOT_WORKLOADS_HOST_TEARDOWN"
_done = False
_exit_hooked = False
# The three providers are configured on pool threads, possibly at the same moment.
_adapting = threading.Lock()


def adapt_to_host() -> None:
    """Both adjustments, once per process, and only inside the dynamic provider host."""
    if not in_dynamic_host():
        return
    with _adapting:
        widen_dynamic_provider_pool()
        exit_without_teardown()


def switched_on(value: str | None) -> bool:
    """How KEEP_TEARDOWN (and the benchmark, reading it) understands a setting."""
    return (value or "").strip().lower() in ("1", "true", "yes")


def exit_without_teardown() -> bool:
    """Makes the process exit as soon as its exit handlers have run, unless KEEP_TEARDOWN
    is set; True the first time it does."""
    global _exit_hooked
    if _exit_hooked or switched_on(os.environ.get(KEEP_TEARDOWN)):
        return False
    _exit_hooked = True
    atexit.register(_exit_now)
    return True


def _exit_now() -> None:
    """Runs as the first exit handler (the last registered): runs all the others in their
    usual order, flushes the standard streams, and ends the process with the status
    normal teardown would give (1 after an uncaught exception in the main thread)."""
    atexit.unregister(_exit_now)
    atexit._run_exitfuncs()
    status = 1 if getattr(sys, "last_exc", None) or getattr(sys, "last_type", None) else 0
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(status)


def widen_dynamic_provider_pool(workers: int = HOST_WORKERS) -> int:
    """Raises the worker ceiling of the host's pool (called inside the host only);
    returns how many pools it changed."""
    global _done
    if _done:
        return 0
    _done = True
    # This call runs on one of the pool's own workers, so the pool is found through its
    # threads; scanning every object (20 ms, on the path of the first call) is the fallback.
    changed = _widen(_pools_of_threads(), workers)
    return changed or _widen(gc.get_objects(), workers)


def _widen(candidates: Iterable[object], workers: int) -> int:
    changed = 0
    for obj in candidates:
        if isinstance(obj, ThreadPoolExecutor) and obj._max_workers < workers:
            obj._max_workers = workers
            changed += 1
    return changed


def _pools_of_threads() -> list[object]:
    """Executors whose worker threads are alive: a worker's first argument is a weak
    reference to its executor."""
    pools: list[object] = []
    for thread in threading.enumerate():
        args = getattr(thread, "_args", ())
        first = args[0] if isinstance(args, tuple) and args else None
        pool = first() if isinstance(first, weakref.ref) else None
        if isinstance(pool, ThreadPoolExecutor) and pool not in pools:
            pools.append(pool)
    return pools


def in_dynamic_host() -> bool:
    """True inside `python -m pulumi.dynamic`, the host that Pulumi starts for providers."""
    if "pulumi.dynamic.__main__" in sys.modules:
        return True
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", "") == "pulumi.dynamic.__main__"
