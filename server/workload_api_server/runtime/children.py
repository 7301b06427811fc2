"""Child process plumbing: free ports, log tails, ending process groups, pid files.

Each workload runs in its own session (process group), so ending it also ends anything
its entrypoint spawned. A pid file per workload lets a restarted server end processes
that a killed predecessor left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
from pathlib import Path

PID_FILE = "process.pid"
LOG_FILE = "output.log"
_TAIL_BYTES = 64 * 1024


def free_port() -> int:
    """A port that is free now; the child binds it a moment later (a small, accepted race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def log_tail(path: Path, lines: int = 20) -> tuple[str, ...]:
    """The end of a child's output, which is what explains a crash."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_BYTES))
            data = handle.read()
    except OSError:
        return ()
    text = data.decode("utf-8", errors="replace")
    return tuple(text.splitlines()[-lines:])


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


def write_pid_file(workdir: Path, pid: int) -> None:
    """Recorded so a later server can end the process if this one dies without cleanup."""
    (workdir / PID_FILE).write_text(str(pid), encoding="ascii")


def remove_pid_file(workdir: Path) -> None:
    """The process is gone; nothing to reap later."""
    with contextlib.suppress(FileNotFoundError):
        (workdir / PID_FILE).unlink()


def _still_ours(pid: int, workdir: Path) -> bool:
    # A pid may have been reused by an unrelated process since; only a process whose
    # working directory is the workload folder is taken to be the orphan.
    try:
        return Path(os.readlink(f"/proc/{pid}/cwd")) == workdir.resolve()
    except OSError:
        return False


def reap_orphans(workloads_root: Path) -> None:
    """End processes left by a server that was killed (SIGKILL) and could not clean up."""
    if not workloads_root.is_dir():
        return
    for pid_file in workloads_root.glob(f"*/{PID_FILE}"):
        try:
            pid = int(pid_file.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            pid = 0
        if pid > 0 and _still_ours(pid, pid_file.parent):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(FileNotFoundError):
            pid_file.unlink()
