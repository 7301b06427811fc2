"""Starting a workload's process: a minimal environment, and a process that dies with us.

The environment is built, not inherited: the server's own may hold API tokens, cloud
credentials or anything else its user exported, and an artifact's entrypoint is code
from whoever holds an editor token. A child gets `PATH`, `HOME` and the locale, the
variables its container declares, and `PORT`; nothing else.

On Linux a child asks the kernel for SIGKILL when its parent goes (`PR_SET_PDEATHSIG`),
so it ends with the server however the server ends, SIGKILL included. The kernel sends
that signal when the *thread* that started the child exits, so every child is started
from one long-lived thread (`Spawner`), never from a request's worker thread, which the
thread pool may retire while the child still runs. What the child starts in turn is
ended at the next server start (see `leftovers`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Passed through from the server's environment: what programs need to find commands,
# their user's files and their text encoding. Everything else is left behind.
INHERITED_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE")
_PR_SET_PDEATHSIG = 1


def child_environment(
    declared: Mapping[str, str], port: int, source: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The whole environment of a workload's process.

    The container's declared variables override inherited ones (a workload may set its
    own PATH); `PORT` overrides both, since the server must know where to connect.
    """
    source = os.environ if source is None else source
    env = {name: source[name] for name in INHERITED_VARIABLES if name in source}
    env.setdefault("PATH", os.defpath)
    env.update(declared)
    env["PORT"] = str(port)
    return env


def _die_with_parent() -> Callable[[], None] | None:
    """A `preexec_fn` that asks for SIGKILL when the parent dies; `None` off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    parent = os.getpid()

    def setup() -> None:
        # Runs in the child between fork and exec, so it does as little as it can.
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            # The server died before the request took effect; nobody will signal us.
            os._exit(1)

    return setup


class Spawner:
    """Starts children from one thread that lives as long as the runtime."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workload-spawner")
        self._preexec = _die_with_parent()

    def start(
        self, command: Sequence[str], *, cwd: Path, env: Mapping[str, str], output: int
    ) -> subprocess.Popen[bytes]:
        """Start `command` in its own session; its stdout and stderr go to fd `output`."""
        return self._thread.submit(self._popen, list(command), cwd, dict(env), output).result()

    def _popen(
        self, command: list[str], cwd: Path, env: dict[str, str], output: int
    ) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=self._preexec,
        )

    def close(self) -> None:
        """Call after the children have ended: the thread's exit would kill any left."""
        self._thread.shutdown(wait=True)
