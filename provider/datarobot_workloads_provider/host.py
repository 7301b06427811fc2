"""What our provider adjusts in the process Pulumi starts to serve dynamic providers.

Two jobs, each in its own module: `pool` widens the host's thread pool so that waits run
side by side, and `fast_exit` makes the process exit without the interpreter's teardown.
`adapt_to_host` does both, once, and only inside that host (the plugin process sizes its
own pool and hooks its exit itself).
"""

from __future__ import annotations

import threading

from . import fast_exit, pool
from .fast_exit import KEEP_TEARDOWN, exit_without_teardown, switched_on
from .pool import HOST_WORKERS, in_dynamic_host, widen_dynamic_provider_pool

__all__ = [
    "HOST_WORKERS",
    "KEEP_TEARDOWN",
    "adapt_to_host",
    "exit_without_teardown",
    "in_dynamic_host",
    "switched_on",
    "widen_dynamic_provider_pool",
]

# The three providers are configured on pool threads, possibly at the same moment.
_adapting = threading.Lock()


def adapt_to_host() -> None:
    """Both adjustments, once per process, and only inside the dynamic provider host."""
    if not pool.in_dynamic_host():
        return
    with _adapting:
        pool.widen_dynamic_provider_pool()
        fast_exit.exit_without_teardown()
