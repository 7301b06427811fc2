"""Records of running workload processes, so a server started later can end what a killed
one left behind.

A workload's process dies with the server that started it (see `spawning`), but what that
process started in turn does not: it outlives a server killed with SIGKILL. Each
workload process leads its own session, and every process it starts stays in that
session unless it leaves on purpose; so the record holds the leader's pid and start
time, and a new server ends every process of the recorded sessions before it serves.

Pids are reused, so a record is trusted only while it still describes our process: a
live leader must have the recorded start time, and with the leader gone, a process in its
session must have started after it. (Linux keeps a session's id from being reused while
any process is still in the session.)
"""

from __future__ import annotations

import contextlib
import os
import signal
from dataclasses import dataclass
from pathlib import Path

RECORD_FILE = "process.pid"
_PROC = Path("/proc")


@dataclass(frozen=True)
class ProcessInfo:
    """What /proc says about one process."""

    pid: int
    session: int
    start_ticks: int


def process_info(pid: int) -> ProcessInfo | None:
    """`None` once the process is gone (or /proc is not there to ask)."""
    try:
        text = (_PROC / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may itself hold spaces or ')'.
    fields = text.rsplit(")", 1)[-1].split()
    try:
        # Fields from 3 on: state, ppid, pgrp, session, ..., starttime is field 22.
        return ProcessInfo(pid=pid, session=int(fields[3]), start_ticks=int(fields[19]))
    except (IndexError, ValueError):
        return None


def write_record(workdir: Path, pid: int) -> None:
    """Recorded right after the start, while the pid surely is ours."""
    info = process_info(pid)
    start = info.start_ticks if info is not None else -1
    (workdir / RECORD_FILE).write_text(f"{pid} {start}\n", encoding="ascii")


def remove_record(workdir: Path) -> None:
    """The process and its session are ended; nothing to end later."""
    with contextlib.suppress(FileNotFoundError):
        (workdir / RECORD_FILE).unlink()


def _read_record(path: Path) -> tuple[int, int] | None:
    try:
        pid_text, start_text = path.read_text(encoding="ascii").split()
        pid, start = int(pid_text), int(start_text)
    except (OSError, ValueError):
        return None
    return (pid, start) if pid > 0 and start >= 0 else None


def _all_processes() -> list[ProcessInfo]:
    found = []
    with contextlib.suppress(OSError):
        for entry in _PROC.iterdir():
            if entry.name.isdigit():
                info = process_info(int(entry.name))
                if info is not None:
                    found.append(info)
    return found


def leftover_pids(workloads_root: Path) -> list[int]:
    """Processes of recorded sessions that are verifiably still ours."""
    paths = [*workloads_root.glob(f"*/{RECORD_FILE}"), *workloads_root.glob(f"*/*/{RECORD_FILE}")]
    records = [r for r in map(_read_record, paths) if r]
    if not records:
        return []
    processes = _all_processes()
    by_pid = {info.pid: info for info in processes}
    doomed: list[int] = []
    for leader_pid, leader_start in records:
        leader = by_pid.get(leader_pid)
        if leader is not None and leader.start_ticks != leader_start:
            continue  # the pid belongs to another process now; its session is not ours
        doomed.extend(
            info.pid
            for info in processes
            if info.session == leader_pid
            and info.start_ticks >= leader_start
            and info.pid != os.getpid()
        )
    return doomed


def end_leftovers(workloads_root: Path) -> int:
    """SIGKILL what a previous server left running; returns how many processes that was."""
    if not workloads_root.is_dir():
        return 0
    doomed = leftover_pids(workloads_root)
    for pid in doomed:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    for record in workloads_root.glob(f"*/{RECORD_FILE}"):
        with contextlib.suppress(FileNotFoundError):
            record.unlink()
    return len(doomed)
