"""The real `pulumi` CLI on a copy of tests/resilience/project, as a user would run it.

The resilience tests need what the Automation API hides: the CLI's process (to send it
SIGINT), its exact stdout/stderr (to search for the token), and `-v=9` engine logs. So
they drive the CLI directly, in a temporary project folder with a private file backend
and PULUMI_HOME, exactly as scripts/env.sh sets Pulumi up.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.engine import REPO, engine_env

PROJECT = Path(__file__).resolve().parent / "project"
# Programs from tests/resilience/mistakes.py: its program process imports from the clone.
MISTAKES_PROJECT = Path(__file__).resolve().parent / "mistakes_project"
# Every type token of this provider starts with this; anything else is engine plumbing.
TYPE_PREFIX = "pulumi-python:dynamic/datarobot-workloads:"
COMMAND_TIMEOUT = 600.0


class CliFailed(AssertionError):
    """A CLI command exited non-zero where the test expected success."""


@dataclass
class Run:
    """One finished CLI command: how it ended and everything it printed."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class CliStack:
    """One stack of the resilience project, in its own folder, backend and PULUMI_HOME."""

    work: Path
    stack: str = "resilience"
    env: dict[str, str] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)
    background: list[Background] = field(default_factory=list)

    @classmethod
    def create(
        cls,
        work: Path,
        *,
        endpoint: str,
        token: str,
        config: dict[str, str] | None = None,
        source: Path = PROJECT,
    ) -> CliStack:
        """Copies the project `source`, makes the stack and sets its config (the token as
        a secret)."""
        project = work / "project"
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("__pycache__"))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATAROBOT_", "PULUMI_"))}
        env.update(engine_env(work / "engine"))
        env["PYTHONUNBUFFERED"] = "1"
        if source == MISTAKES_PROJECT:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
        stack = cls(work=project, env=env)
        stack.run("stack", "init", stack.stack)
        plain = [f"--plaintext={k}={v}" for k, v in (config or {}).items()]
        stack.run(
            "config",
            "set-all",
            f"--plaintext=datarobot:endpoint={endpoint}",
            f"--secret=datarobot:apikey={token}",
            *plain,
        )
        return stack

    @property
    def home(self) -> Path:
        return Path(self.env["PULUMI_HOME"])

    @property
    def backend(self) -> Path:
        return Path(self.env["PULUMI_BACKEND_URL"].removeprefix("file://"))

    def unset(self, key: str) -> None:
        self.run("config", "rm", key)

    def run(self, *args: str, ok: bool = True, timeout: float = COMMAND_TIMEOUT) -> Run:
        """Runs `pulumi ARGS --non-interactive`; fails the test on an unexpected exit."""
        started = time.monotonic()
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive"],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        run = Run(args, done.returncode, done.stdout, done.stderr, time.monotonic() - started)
        self.runs.append(run)
        if ok and run.returncode != 0:
            raise CliFailed(
                f"`pulumi {' '.join(args)}` exited {run.returncode}\n"
                f"--- stdout\n{run.stdout[-6000:]}\n--- stderr\n{run.stderr[-6000:]}"
            )
        return run

    def up(self, *extra: str, config: dict[str, str] | None = None, ok: bool = True) -> Run:
        """`pulumi up`; `config` is set for this run and saved, as `pulumi up -c` does
        (one CLI process instead of one per `pulumi config set`)."""
        settings = [f"--config={k}={v}" for k, v in (config or {}).items()]
        return self.run("up", "--yes", "--skip-preview", *settings, *extra, ok=ok)

    def destroy(self, *extra: str, ok: bool = True) -> Run:
        return self.run("destroy", "--yes", "--skip-preview", *extra, ok=ok)

    def refresh(self, *extra: str, ok: bool = True) -> Run:
        return self.run("refresh", "--yes", "--skip-preview", *extra, ok=ok)

    def start(self, *args: str, log: Path) -> Background:
        """Starts `pulumi ARGS` in the background, output to `log`, for signalling it."""
        handle = log.open("wb")
        process = subprocess.Popen(
            ["pulumi", *args, "--non-interactive"],
            cwd=self.work,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            # Its own process group, as a terminal job would be: a signal we send reaches
            # the CLI exactly as Ctrl-C does, and nothing of the test runner.
            start_new_session=True,
        )
        handle.close()
        started = Background(process, log, args)
        self.background.append(started)
        return started

    def export(self) -> dict[str, Any]:
        """`pulumi stack export` (secrets stay encrypted, as by default)."""
        document: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return document

    def resources(self, document: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """This provider's resources in the state (not the stack or provider entries)."""
        deployment = (document or self.export())["deployment"]
        return [
            r
            for r in deployment.get("resources") or []
            if str(r.get("type", "")).startswith(TYPE_PREFIX)
        ]

    def pending(self, document: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Operations the engine began and never saw finish (an interrupted run)."""
        deployment = (document or self.export())["deployment"]
        return list(deployment.get("pending_operations") or [])


@dataclass
class Background:
    """A CLI command running in the background."""

    process: subprocess.Popen[bytes]
    log: Path
    args: tuple[str, ...]

    def interrupt(self) -> None:
        """SIGINT to the CLI: Pulumi's Ctrl-C."""
        self.process.send_signal(signal.SIGINT)

    def wait(self, timeout: float = COMMAND_TIMEOUT) -> Run:
        started = time.monotonic()
        self.process.wait(timeout=timeout)
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return Run(self.args, self.process.returncode, text, "", time.monotonic() - started)

    def stop(self) -> None:
        """Ends a run a failed test left behind: Ctrl-C (so the CLI shuts its plugins
        down), then SIGKILL if it does not exit in time."""
        if self.process.poll() is not None:
            return
        self.interrupt()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
