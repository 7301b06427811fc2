"""A program process that ends quietly when the engine cancels it.

When a check fails (or the user presses Ctrl-C in `pulumi up`), the engine stops the
language host by sending SIGINT to the host's process group, which holds the program
process. Python turns that into KeyboardInterrupt wherever the program happens to be
waiting, and Pulumi's program runner prints it as a 26-line traceback that buries the
real error. The engine has reported that error already, so the program has nothing left
to say: it flushes its output and exits with the runner's "already reported" status.

Only the program runner's process is changed, and only while SIGINT still has Python's
default handler: an Automation API script (an inline program runs in the user's own
process), a plain `python` run, and a program that installs its own handler keep the
KeyboardInterrupt that Ctrl-C raises there. A Ctrl-C at the terminal reaches the CLI, not
the program: the host runs in a process group of its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

PROGRAM_RUNNER = "pulumi-language-python-exec"
# The runner's exit status for "the error was already shown to the user".
EXIT_ALREADY_REPORTED = 32


def in_program_runner() -> bool:
    """The runner replaces `sys.argv` with the program's own; the interpreter's original
    command line still names the runner script (after whatever interpreter options the
    language host passes, such as `-u` or `-X utf8`)."""
    command = getattr(sys, "orig_argv", [])
    return any(Path(arg).name == PROGRAM_RUNNER for arg in command[1:])


def end_quietly_when_cancelled() -> bool:
    """Installs the quiet exit where it applies; returns whether it did."""
    if not in_program_runner() or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    signal.signal(signal.SIGINT, _exit_quietly)
    return True


def _exit_quietly(_signum: int, _frame: FrameType | None) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(EXIT_ALREADY_REPORTED)
