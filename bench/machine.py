"""What was measured on which machine: printed at the top of every report.

Timings mean nothing without the machine and the software versions they came from, and a
busy machine (a high load average at the start) explains an outlier better than any guess.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import socket
import subprocess
from importlib import metadata
from importlib.util import cache_from_source, source_hash
from pathlib import Path

from bench.engine import pulumi_binary
from engine.offline_env import REPO


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else (platform.processor() or "unknown")


def _memory() -> str:
    try:
        text = Path("/proc/meminfo").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    match = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return f"{int(match.group(1)) / 1024**2:.1f} GiB" if match else "unknown"


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def engine_default_parallel() -> int | None:
    """The engine's default `--parallel` (it depends on the CPU count), from its own help.

    Reported because it caps how many resource operations, and so how many workload waits,
    the engine runs at once, whatever the provider host allows.
    """
    match = re.search(
        r"--parallel int\d*\s.*\(default (\d+)\)", _run([str(pulumi_binary()), "up", "--help"])
    )
    return int(match.group(1)) if match else None


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_revision() -> str:
    revision = _run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) or "unknown"
    dirty = _run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])
    return f"{revision}{' (uncommitted changes)' if dirty else ''}"


# The modules the measured processes import from this folder (the editable install).
PROJECT_PACKAGES = ("provider", "sdk", "bench")


def stale_bytecode(root: Path = REPO) -> list[Path]:
    """The project's modules without current bytecode. A wheel install has it for every
    module (pip writes it); from source, each process compiles what has none, and where
    PYTHONDONTWRITEBYTECODE is set it never saves the result, so every `pulumi` command
    pays tens of milliseconds that users do not. A timestamp bytecode file is current
    when its header holds the source's mtime and size (a hash-based one, the source's
    hash), as the import system checks."""
    stale: list[Path] = []
    for package in PROJECT_PACKAGES:
        for source in sorted((root / package).rglob("*.py")):
            if "__pycache__" in source.parts:
                continue
            try:
                header = Path(cache_from_source(str(source))).read_bytes()[:16]
            except OSError:
                stale.append(source)
                continue
            if not _current(source, header):
                stale.append(source)
    return stale


def _current(source: Path, header: bytes) -> bool:
    flags = int.from_bytes(header[4:8], "little")
    if flags & 1:  # hash-based (SOURCE_DATE_EPOCH builds): the source's hash
        return header[8:16] == source_hash(source.read_bytes())
    info = source.stat()
    mtime = int.from_bytes(header[8:12], "little")
    size = int.from_bytes(header[12:16], "little")
    return mtime == int(info.st_mtime) & 0xFFFFFFFF and size == info.st_size & 0xFFFFFFFF


def _bytecode() -> str:
    stale = stale_bytecode()
    if not stale:
        return "current for every module of the project (as a wheel install has it)"
    return (
        f"missing or stale for {len(stale)} modules of the project (e.g. "
        f"{stale[0].relative_to(REPO)}): each process compiles them; scripts/setup.sh "
        "writes it"
    )


def machine_facts() -> dict[str, str]:
    """Ordered facts, as printed; the JSON report carries the same dict."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    parallel = engine_default_parallel()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "host": socket.gethostname(),
        "cpu": _cpu_model(),
        "cores": f"{os.cpu_count()} logical, {affinity if affinity else '?'} usable",
        "memory": _memory(),
        "os": f"{platform.system()} {platform.release()}",
        "load average at start": (
            " ".join(f"{v:.2f}" for v in load) if load is not None else "unknown"
        ),
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "engine": _run([str(pulumi_binary()), "version"]) or "unknown",
        "engine default --parallel": str(parallel) if parallel is not None else "unknown",
        "pulumi sdk": _version("pulumi"),
        "repo revision": _git_revision(),
        "project bytecode": _bytecode(),
    }
