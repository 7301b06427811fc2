"""Waits side by side in the Python dynamic provider host.

The host serves gRPC calls from a thread pool of four workers, and a call holds its
worker until it returns: a workload create holds one for its whole start-up. With four
workers, fifty workloads would wait in thirteen rounds one after another. So when our
provider is configured inside that host, the pool's ceiling is lifted to `HOST_WORKERS`,
which no engine setting reaches: the engine's `--parallel` (how many resource operations
it runs at once) is then the only cap on calls in flight, as it is for any provider.

Lifting the ceiling costs nothing until it is used: the pool starts a thread only when a
call arrives and no worker is idle, so the host has as many threads as the engine ever
had calls in flight. A waiting thread sleeps on a condition (`waiting`: one poll serves
every workload waited on), so its cost is its stack, about 16 KiB resident. The plugin
(`native.provider`) sizes its own pool the same way. If the SDK ever changes its pool,
this finds nothing and the provider still works, only slower.
"""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

# Far above any `--parallel` a deployment uses; the engine's setting is the real cap.
HOST_WORKERS = 100_000
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
