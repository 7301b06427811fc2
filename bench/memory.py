"""Peak memory of the processes one `pulumi` command starts, read from Linux's /proc.

The engine starts a program process and a provider host for every command and ends them
before it returns, so their memory cannot be asked for afterwards. A sampler thread walks
this process's descendants while the command runs and keeps, per role, the highest peak
resident set size (`VmHWM`, which the kernel keeps itself, so a short spike between two
samples is not missed: only the last interval before a process exits is).

Sampling costs CPU, so memory is measured in runs of its own, never in timed ones.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

PROC = Path("/proc")
SAMPLE_SECONDS = 0.02


def role_of(cmdline: list[str]) -> str | None:
    """Which part of a Pulumi run a process is, from its command line."""
    if not cmdline:
        return None
    if "pulumi.dynamic" in cmdline:
        return "provider host"
    if any(part.endswith("pulumi-language-python-exec") for part in cmdline):
        return "program"
    if Path(cmdline[0]).name == "pulumi":
        return "engine"
    return None


def available() -> bool:
    """Whether this machine has the /proc files the sampler reads (Linux)."""
    return (PROC / "self" / "status").exists()


class PeakMemory:
    """Use as a context manager around one command; `peaks` then holds MiB by role."""

    def __init__(
        self,
        root: int | None = None,
        *,
        classify: Callable[[list[str]], str | None] = role_of,
        interval: float = SAMPLE_SECONDS,
    ) -> None:
        self.root = root if root is not None else os.getpid()
        self.classify = classify
        self.interval = interval
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory", daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        """One pass over the descendants of `root`."""
        for pid in descendants(self.root):
            # Classified on every pass: a process may still be the shell script or the
            # forked engine that `exec`s it into what it becomes.
            role = self.classify(_cmdline(pid))
            if role is None:
                continue
            peak = _peak_mib(pid)
            if peak is not None and peak > self.peaks.get(role, 0.0):
                self.peaks[role] = peak


def descendants(root: int) -> list[int]:
    """Every live process below `root` (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        parent = _parent(int(entry.name))
        if parent is not None:
            children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = list(children.get(root, []))
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def peak_mib_of(pid: int) -> float | None:
    """The peak resident set size of a live process so far, in MiB."""
    return _peak_mib(pid)


def _parent(pid: int) -> int | None:
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may contain spaces or parentheses.
    fields = stat.rsplit(")", 1)[-1].split()
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


def _cmdline(pid: int) -> list[str]:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _peak_mib(pid: int) -> float | None:
    try:
        status = (PROC / str(pid) / "status").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None
