"""Provider processes exit without the interpreter's teardown.

The engine ends every command by interrupting each provider process and waiting for it
to exit, so the interpreter's teardown (freeing every module: pydantic and httpx make it
0.1-0.25 s) is on the critical path of every `pulumi` command. Nothing of ours needs it:
exit handlers still run and output is flushed, then the process exits at once. Set
DATAROBOT_WORKLOADS_HOST_TEARDOWN=1 to keep the normal teardown (to compare, or for a
tool that hooks into it). Used by the dynamic provider host (through `host`) and by the
plugin (`native.server`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

KEEP_TEARDOWN = "DATAROBOT_WORKLOADS_HOST_TEARDOWN"
_exit_hooked = False


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
