"""SIGINT in a program process: quiet under Pulumi's program runner, unchanged elsewhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pulumi_datarobot_workloads._cancel import EXIT_ALREADY_REPORTED, PROGRAM_RUNNER

# Imports the SDK, says so, then waits to be interrupted.
_PROGRAM = """
import sys, time
import pulumi_datarobot_workloads
print("ready", flush=True)
time.sleep(60)
"""


def _interrupted(script: Path) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen(
        [sys.executable, "-X", "utf8", "-u", str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready"
    os.kill(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_under_the_program_runner_sigint_ends_quietly(tmp_path: Path) -> None:
    script = tmp_path / PROGRAM_RUNNER
    script.write_text(_PROGRAM)
    done = _interrupted(script)
    assert done.returncode == EXIT_ALREADY_REPORTED
    assert done.stderr == ""


def test_elsewhere_ctrl_c_still_raises_keyboard_interrupt(tmp_path: Path) -> None:
    script = tmp_path / "my_script.py"
    script.write_text(_PROGRAM)
    done = _interrupted(script)
    assert done.returncode != EXIT_ALREADY_REPORTED
    assert "KeyboardInterrupt" in done.stderr


def test_a_program_with_its_own_handler_keeps_it(tmp_path: Path) -> None:
    script = tmp_path / PROGRAM_RUNNER
    script.write_text(
        "import signal, sys, time\n"
        "signal.signal(signal.SIGINT, lambda *_: (print('mine', flush=True), sys.exit(5)))\n"
        + _PROGRAM
    )
    started = time.monotonic()
    done = _interrupted(script)
    assert done.returncode == 5 and "mine" in done.stdout
    assert time.monotonic() - started < 30
