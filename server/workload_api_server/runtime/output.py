"""A workload's output, copied from its pipe to a log file that never outgrows its cap.

The child writes to a pipe, not to the file: a file it held itself would grow as long
as the child kept printing. One thread per child copies the pipe into `output.log`; when
the file would pass `max_bytes`, its older half is dropped (a marker line says so), so
the file always holds the latest output, which is what explains a crash.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

LOG_FILE = "output.log"
DROPPED_MARKER = b"[earlier output dropped: the log is capped]\n"
_READ_BYTES = 64 * 1024
_TAIL_READ_BYTES = 64 * 1024


class OutputLog:
    """Copies everything read from `source` (a pipe's read end, now owned) to `path`."""

    def __init__(self, path: Path, source: int, max_bytes: int) -> None:
        self.path = path
        self._source = source
        self._max_bytes = max_bytes
        self._file = path.open("w+b")
        self._size = 0
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._copy, name=f"workload-output-{path.parent.name}", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Wait until the child's side is closed (it exited) and all of it is written."""
        return self._done.wait(timeout)

    def _copy(self) -> None:
        try:
            while True:
                try:
                    chunk = os.read(self._source, _READ_BYTES)
                except OSError:
                    break
                if not chunk:
                    break
                self._write(chunk)
        finally:
            with contextlib.suppress(OSError):
                os.close(self._source)
            with contextlib.suppress(OSError):
                self._file.close()
            self._done.set()

    def _write(self, chunk: bytes) -> None:
        try:
            if self._size + len(chunk) > self._max_bytes:
                self._drop_older_half(chunk)
            else:
                self._file.write(chunk)
                self._size += len(chunk)
            self._file.flush()
        except OSError:
            # A full disk must not stop the copying, or the child would block on the pipe.
            pass

    def _drop_older_half(self, chunk: bytes) -> None:
        keep = self._max_bytes // 2
        if len(chunk) >= keep:
            latest = chunk[-keep:]
        else:
            self._file.flush()
            self._file.seek(max(0, self._size - (keep - len(chunk))))
            latest = self._file.read() + chunk
        # Start at a line, so the kept part does not open with half of one.
        newline = latest.find(b"\n")
        if 0 <= newline < len(latest) - 1:
            latest = latest[newline + 1 :]
        self._file.seek(0)
        self._file.truncate()
        self._file.write(DROPPED_MARKER + latest)
        self._size = len(DROPPED_MARKER) + len(latest)


def log_tail(path: Path, lines: int = 20) -> tuple[str, ...]:
    """The end of a child's output, which is what explains a crash."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _TAIL_READ_BYTES))
            data = handle.read()
    except OSError:
        return ()
    text = data.decode("utf-8", errors="replace")
    return tuple(text.splitlines()[-lines:])
