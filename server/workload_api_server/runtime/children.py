"""Child process plumbing: free ports and ending process groups.

Each workload runs in its own session (process group), so ending it also ends anything
its entrypoint spawned.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess


def free_port() -> int:
    """A port that is free now; the child binds it a moment later (a small, accepted race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def end_process_group(process: subprocess.Popen[bytes], grace_seconds: float = 2.0) -> None:
    """SIGTERM the whole group, then SIGKILL whatever is still there after the grace time."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace_seconds)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace_seconds)
