"""Start the server as a real subprocess, for tests and scripts: `running_server(...)`.

The server's output goes to a log file rather than a pipe: nobody drains a pipe while a
test runs, and a full pipe would block the server. The ready line is read from that file.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

READY_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 15.0
_READY_LINE = re.compile(r"^Workload API ready at (http://\S+)/api/v2$", re.MULTILINE)


class ServerStartError(RuntimeError):
    """The server did not print its ready line in time; the message carries its output."""


class ServerHandle:
    """A running server subprocess: its URLs, its process, and stop/kill/restart."""

    def __init__(self, data_dir: Path, command: list[str], port: int) -> None:
        self.data_dir = data_dir
        self._command = command
        self.port = port
        self.root_url = ""
        self.base_url = ""
        self.log_path = Path()
        self.process: subprocess.Popen[bytes] = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        self.discard_log()
        handle, name = tempfile.mkstemp(prefix="workload-api-", suffix=".log")
        os.close(handle)
        self.log_path = Path(name)
        command = [*self._command, "--port", str(self.port)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log_path.open("wb") as log:
            # Its own session: a kill then reaches the server and nothing else of ours.
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.process = process
        self._await_ready()
        return process

    def _await_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            match = _READY_LINE.search(self.output())
            if match:
                self.root_url = match.group(1)
                self.base_url = f"{self.root_url}/api/v2"
                self.port = int(self.root_url.rsplit(":", 1)[1])
                return
            if self.process.poll() is not None:
                raise ServerStartError(
                    f"the server exited with {self.process.returncode} before it was ready:\n"
                    f"{self.output()}"
                )
            time.sleep(0.05)
        self.kill()
        raise ServerStartError(
            f"the server was not ready within {READY_TIMEOUT_SECONDS:.0f}s:\n{self.output()}"
        )

    def output(self) -> str:
        """Everything the server wrote so far (stdout and stderr together)."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> int | None:
        """SIGTERM and wait for a clean shutdown (which ends workload processes)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL, as in a crash: no cleanup at all (workload processes die with the
        server; what they started is ended by the next server on this data directory)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def discard_log(self) -> None:
        """Remove the current log file (a restart starts a new one)."""
        if self.log_path != Path():
            with contextlib.suppress(OSError):
                self.log_path.unlink()

    def restart(self) -> None:
        """Start again on the same data directory and the same port."""
        self.stop()
        self.process = self._start()


def _command(
    data_dir: Path,
    step_seconds: float,
    runtime: str,
    test_controls: bool,
    tokens: Sequence[str] | None,
    extra_args: Sequence[str],
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "workload_api_server",
        "serve",
        "--host",
        "127.0.0.1",
        "--data-dir",
        str(data_dir),
        "--step-seconds",
        repr(float(step_seconds)),
        "--runtime",
        runtime,
    ]
    if test_controls:
        command.append("--test-controls")
    for token in tokens or ():
        command.extend(["--token", token])
    command.extend(extra_args)
    return command


@contextlib.contextmanager
def running_server(
    data_dir: Path,
    *,
    step_seconds: float = 0,
    runtime: str = "simulated",
    test_controls: bool = True,
    tokens: list[str] | None = None,
    port: int = 0,
    extra_args: Sequence[str] = (),
) -> Iterator[ServerHandle]:
    """A server subprocess on `data_dir`, ready when entered, stopped when left.

    `tokens` are `TOKEN:OWNER:ROLE` strings; without them the default token
    `local-dev-token` (owner `local`, editor) applies.
    """
    command = _command(Path(data_dir), step_seconds, runtime, test_controls, tokens, extra_args)
    handle = ServerHandle(Path(data_dir), command, port)
    try:
        yield handle
    finally:
        handle.stop()
        handle.discard_log()
