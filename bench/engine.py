"""Driving the real Pulumi engine offline, and timing exactly the command users run.

The Automation API wraps each command in extra CLI calls (`up` is followed by
`stack output` and `stack history`), which a user typing `pulumi up` does not pay. So the
CLI is wrapped in `TimedPulumiCommand`, which times every CLI process it starts, and the
figure reported for `up` is the `pulumi up` process alone; the whole Automation API call
is kept beside it in the JSON report.

Programs run as *projects* by default: a generated folder with `Pulumi.yaml` and
`__main__.py`, run by the language host in a program process of its own, exactly as
`pulumi up` runs a user's project. That matters for honesty: a program process importing
the SDK pays for it on every command, which an *inline* program (run inside this process,
as the e2e tests do, with everything imported once) would hide. `--programs inline` is
kept to show that difference. The engine, the file backend in a temporary folder, secret
config and the dynamic provider process are real either way.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pulumi import automation as auto

from bench.programs import PROJECT_MAIN, ProgramSpec
from engine.offline_env import ENGINE_BIN, EngineMissing, offline_env

ENGINE_ROOT = ENGINE_BIN.parent
PROJECT = "bench"
PASSPHRASE = "bench-passphrase-for-throwaway-local-stacks"

Command = Literal["up", "preview", "refresh", "destroy"]
Mode = Literal["project", "inline"]
MODES: tuple[Mode, ...] = ("project", "inline")


def pulumi_binary() -> Path:
    return ENGINE_BIN / "pulumi"


def engine_env(state_dir: Path, *, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Offline settings for the engine, with PULUMI_HOME and the backend in `state_dir`, so
    a benchmark never touches the user's stacks and leaves nothing behind. Program
    processes import `bench.programs` and provider processes `bench.floor`: the clone goes
    on PYTHONPATH."""
    env = offline_env(state_dir, passphrase=PASSPHRASE, repo_on_path=True)
    env.update(extra or {})
    if shutil.which("pulumi", path=env["PATH"]) is None:
        raise EngineMissing(f"`pulumi` is not on the engine PATH {env['PATH']}")
    return env


class TimedPulumiCommand(auto.PulumiCommand):
    """The pinned CLI, recording how long each CLI process took, by subcommand."""

    def __init__(self) -> None:
        super().__init__(root=str(ENGINE_ROOT))
        self._lock = threading.Lock()
        self.timings: list[tuple[str, float]] = []

    def run(
        self,
        args: list[str],
        cwd: str,
        additional_env: Mapping[str, str],
        on_output: Callable[[str], Any] | None = None,
        on_error: Callable[[str], Any] | None = None,
    ) -> auto.CommandResult:
        started = time.perf_counter()
        try:
            return super().run(args, cwd, additional_env, on_output, on_error)
        finally:
            elapsed = time.perf_counter() - started
            with self._lock:
                self.timings.append((_subcommand(args), elapsed))

    def take(self) -> list[tuple[str, float]]:
        """The timings since the last call, emptied."""
        with self._lock:
            taken, self.timings = self.timings, []
        return taken


_shared_cli: TimedPulumiCommand | None = None


def shared_cli() -> TimedPulumiCommand:
    """One CLI wrapper for all stacks: creating one runs `pulumi version`, which need not be
    paid forty times. Stacks run one command at a time, so its timings never interleave."""
    global _shared_cli
    if _shared_cli is None:
        _shared_cli = TimedPulumiCommand()
    return _shared_cli


@dataclass(frozen=True)
class StepSpan:
    """One resource step as the engine reported it: when it started and finished."""

    type: str
    name: str
    op: str
    started: float
    finished: float

    @property
    def seconds(self) -> float:
        return self.finished - self.started


class EventLog:
    """Collects resource step start/finish events of one command.

    The times are when this process read each event (the Automation API tails the
    engine's event log), so they carry a small, uniform delay. They are precise enough to
    tell whether fifty workload waits ran side by side or in rounds.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[tuple[str, str], tuple[str, str, float]] = {}
        self.spans: list[StepSpan] = []
        self.diagnostics: list[str] = []

    def __call__(self, event: auto.EngineEvent) -> None:
        now = time.perf_counter()
        with self._lock:
            pre = event.resource_pre_event
            if pre is not None and pre.metadata is not None:
                meta = pre.metadata
                op = meta.op.value if hasattr(meta.op, "value") else str(meta.op)
                self._open[(meta.urn, op)] = (meta.type, op, now)
            outputs = event.res_outputs_event
            if outputs is not None and outputs.metadata is not None:
                meta = outputs.metadata
                op = meta.op.value if hasattr(meta.op, "value") else str(meta.op)
                opened = self._open.pop((meta.urn, op), None)
                if opened is not None:
                    name = meta.urn.rsplit("::", 1)[-1]
                    self.spans.append(StepSpan(opened[0], name, op, opened[2], now))
            diag = event.diagnostic_event
            if diag is not None and diag.severity in ("error", "warning"):
                self.diagnostics.append(diag.message.strip())

    def spans_of(self, type_suffix: str, op: str) -> list[StepSpan]:
        return [s for s in self.spans if s.type.endswith(type_suffix) and s.op == op]


def peak_overlap(spans: list[StepSpan]) -> int:
    """The most steps that were in flight at the same moment."""
    edges = sorted([(s.started, 1) for s in spans] + [(s.finished, -1) for s in spans])
    peak = current = 0
    for _, delta in edges:
        current += delta
        peak = max(peak, current)
    return peak


@dataclass
class CommandRun:
    """One engine command: the CLI process's wall time, and what the engine did."""

    command: Command
    seconds: float
    api_seconds: float
    changes: dict[str, int]
    events: EventLog = field(repr=False)


class BenchStack:
    """One stack on the shared file backend, with its own work folder and program."""

    def __init__(
        self,
        *,
        state_dir: Path,
        env: dict[str, str],
        name: str,
        program: ProgramSpec,
        mode: Mode = "project",
        config: Mapping[str, tuple[str, bool]] | None = None,
        parallel: int | None = None,
    ) -> None:
        work = state_dir / "stacks" / name
        work.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.parallel = parallel
        self.cli = shared_cli()
        options = auto.LocalWorkspaceOptions(
            env_vars=env, pulumi_home=env["PULUMI_HOME"], pulumi_command=self.cli
        )
        if mode == "project":
            (work / "Pulumi.yaml").write_text(
                f"name: {PROJECT}\nruntime: python\ndescription: benchmark stack\n",
                encoding="utf-8",
            )
            (work / "__main__.py").write_text(PROJECT_MAIN, encoding="utf-8")
            self.stack = auto.create_or_select_stack(
                stack_name=name, work_dir=str(work), opts=options
            )
        else:
            options.work_dir = str(work)
            options.project_settings = auto.ProjectSettings(name=PROJECT, runtime="python")
            self.stack = auto.create_or_select_stack(
                stack_name=name, project_name=PROJECT, program=program.build(), opts=options
            )
        settings = {
            "bench:program": (program.kind, False),
            "bench:count": (str(program.count), False),
            "bench:dialect": (program.dialect, False),
            **(config or {}),
        }
        if program.kind == "chains" and program.dialect != "older":
            # The provider's own setting (the older dialect is its default).
            settings["datarobot:dialect"] = (program.dialect, False)
        self.stack.set_all_config(
            {
                key: auto.ConfigValue(value=value, secret=secret)
                for key, (value, secret) in settings.items()
            }
        )

    def run(self, command: Command) -> CommandRun:
        """Run one command to completion; raises the engine's error if it fails."""
        events = EventLog()
        options: dict[str, Any] = {"on_event": events}
        if self.parallel is not None:
            options["parallel"] = self.parallel
        self.cli.take()
        started = time.perf_counter()
        changes: dict[str, int]
        if command == "up":
            up = self.stack.up(**options)
            changes = _changes(up.summary.resource_changes)
        elif command == "preview":
            changes = _changes(self.stack.preview(**options).change_summary)
        elif command == "refresh":
            changes = _changes(self.stack.refresh(**options).summary.resource_changes)
        else:
            changes = _changes(self.stack.destroy(**options).summary.resource_changes)
        api_seconds = time.perf_counter() - started
        cli_seconds = sum(s for sub, s in self.cli.take() if sub == command)
        return CommandRun(command, cli_seconds, api_seconds, changes, events)

    def remove(self) -> None:
        """Drop the stack (after destroy); failures do not hide the figures already taken."""
        with contextlib.suppress(auto.CommandError):
            self.stack.workspace.remove_stack(self.name, force=True)


def _subcommand(args: list[str]) -> str:
    """`up` in `--non-interactive up --yes ...` (the Automation API puts flags first)."""
    return next((arg for arg in args if not arg.startswith("-")), "")


def _changes(summary: Mapping[Any, int] | None) -> dict[str, int]:
    """Change counts by op name (preview keys are `OpType` members, the others strings)."""
    return {str(getattr(op, "value", op)): int(n) for op, n in (summary or {}).items()}
