"""Lets waits in the dynamic provider host run side by side.

Pulumi's Python dynamic provider host serves gRPC calls from a thread pool of four
workers. A workload create waits for `running`; with four workers, fifty workloads would
wait in thirteen rounds one after another. Waiting threads cost nothing, so when our
provider module is loaded inside that host we raise the pool's ceiling. If the SDK ever
changes its pool, this finds nothing and the provider still works, only slower.
"""

from __future__ import annotations

import gc
import sys
from concurrent.futures import ThreadPoolExecutor

HOST_WORKERS = 64
_done = False


def widen_dynamic_provider_pool(workers: int = HOST_WORKERS) -> int:
    """Raises the worker ceiling of the host's pool; returns how many pools it changed."""
    global _done
    if _done or ("pulumi.dynamic.__main__" not in sys.modules and not _in_dynamic_host()):
        return 0
    _done = True
    changed = 0
    for obj in gc.get_objects():
        if isinstance(obj, ThreadPoolExecutor) and obj._max_workers < workers:
            obj._max_workers = workers
            changed += 1
    return changed


def _in_dynamic_host() -> bool:
    """True inside `python -m pulumi.dynamic`, the host that Pulumi starts for providers."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", "") == "pulumi.dynamic.__main__"
