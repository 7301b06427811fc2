"""Waits side by side in the Python dynamic provider host.

The host serves gRPC calls from a thread pool of four workers. A workload create waits
for `running`; with four workers, fifty workloads would wait in thirteen rounds one after
another. Waiting threads cost nothing, so when our provider is configured inside that host
the pool's ceiling is raised to `HOST_WORKERS` (the plugin's own pool has that size from
the start). If the SDK ever changes its pool, this finds nothing and the provider still
works, only slower.
"""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

HOST_WORKERS = 64
_done = False


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
