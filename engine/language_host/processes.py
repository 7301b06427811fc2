"""The host's child processes: their output as it arrives, cancellation, exit statuses."""

from __future__ import annotations

import dataclasses
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence


@dataclasses.dataclass(frozen=True)
class Chunk:
    """One event of a streamed process: output on ``stdout``/``stderr``, or its ``exit``."""

    kind: str
    data: bytes = b""
    code: int = 0


def stream_process(
    cmd: Sequence[str],
    *,
    cwd: str | None,
    env: Mapping[str, str],
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
) -> Iterator[Chunk]:
    """Run a command and yield its output as it arrives, then its exit code.

    Streaming RPCs (InstallDependencies, RunPlugin) forward output live, so a slow
    ``pip install`` or a long-running plugin is visible while it works.
    """
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if on_start is not None:
        on_start(proc)
    chunks: queue.Queue[Chunk | None] = queue.Queue()

    def pump(kind: str, fd: int) -> None:
        while data := os.read(fd, 65536):
            chunks.put(Chunk(kind, data))
        chunks.put(None)

    assert proc.stdout is not None and proc.stderr is not None
    for kind, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        threading.Thread(target=pump, args=(kind, pipe.fileno()), daemon=True).start()
    open_streams = 2
    while open_streams:
        chunk = chunks.get()
        if chunk is None:
            open_streams -= 1
        else:
            yield chunk
    proc.stdout.close()
    proc.stderr.close()
    yield Chunk("exit", code=proc.wait())


class Children:
    """The programs and plugins running for the engine, so a cancellation reaches them."""

    def __init__(self) -> None:
        self._running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.add(proc)

    def discard(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._running.discard(proc)

    def interrupt(self) -> None:
        """Forward a cancellation to running programs (they finish their current step)."""
        with self._lock:
            children = list(self._running)
        for proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)


def describe_exit(code: int) -> str:
    """Word a failed program's exit status the way users of the Go host know it."""
    if code < 0:
        try:
            signame = signal.Signals(-code).name
        except ValueError:
            signame = str(-code)
        return f"program exited unexpectedly: killed by signal {signame}"
    return f"program exited with non-zero exit code: {code}"
