"""The settings every section takes, and the stacks it builds from them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.apiserver import ApiServer
from bench.engine import BenchStack, Mode
from bench.programs import Kind, ProgramSpec


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Options:
    """What every section needs: runs, state folder, engine settings, which floor."""

    runs: int
    state_dir: Path
    env: dict[str, str]
    parallel: int | None
    mode: Mode = "project"
    floor: Kind = "floor"
    log: Callable[[str], None] = field(default=_stderr)

    def stack(
        self,
        state: Path,
        name: str,
        program: ProgramSpec,
        server: ApiServer | None = None,
        parallel: int | None = None,
        *,
        engine_default: bool = False,
        engine_settings: Mapping[str, str] | None = None,
    ) -> BenchStack:
        """A stack with these options; `server` wires the provider config to it. Its
        commands run at `parallel`, else the benchmark's `--parallel`; `engine_default`
        passes none at all, so the engine's own default applies (a bare `pulumi up`).
        `engine_settings` are variables for this stack's engine commands only."""
        if engine_default:
            parallel = None
        elif parallel is None:
            parallel = self.parallel
        return BenchStack(
            state_dir=state,
            env={**self.env, **(engine_settings or {})},
            name=name,
            program=program,
            mode=self.mode,
            config=server.stack_config() if server is not None else None,
            parallel=parallel,
        )

    def where(self) -> str:
        """The note saying how programs ran and what the floor was, for a section's reader."""
        programs = (
            "programs run as projects by the language host, as `pulumi up` runs a user's project"
            if self.mode == "project"
            else "inline programs, run inside the benchmark process (program-side imports hidden)"
        )
        floor = (
            "bench.floor.FloorNoop (imports only pulumi)"
            if self.floor == "floor"
            else "the SDK's diagnostics.Noop (its import loads the whole SDK and provider)"
        )
        return f"{programs}; floor resource: {floor}"
