"""Section 3: `up` of N artifact->workload->deployment chains against a server whose
workloads take seconds to start, against the floor of as many Noops plus one start-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.apiserver import ApiServer, api_server, step_seconds_for, steps_to_running
from bench.engine import EventLog, peak_overlap
from bench.figures.options import Options
from bench.figures.runs import check_changes, order, ratio_cell, seconds_cell
from bench.programs import (
    PROGRAM_GC_THRESHOLD,
    README_GC_THRESHOLD,
    RESOURCES_PER_CHAIN,
    ProgramSpec,
)
from bench.report import Section, Target, verdict
from bench.stats import Figure, ratios

# N chains: `up` against one start-up plus the floor, at `--parallel` of at least N (the
# engine's cap is the user's setting; the README says which to use).
SCALE_RATIO_TARGETS = {50: 1.15, 200: 1.2}
WORKLOAD_TYPE = ":Workload"


@dataclass(frozen=True)
class WaitShape:
    """How the workload creates of one `up` overlapped."""

    creates: int
    peak: int
    median_create: float
    span: float

    @property
    def rounds(self) -> float:
        """Waits one after another: 1 when all ran side by side, N/limit when capped."""
        return self.span / self.median_create if self.median_create > 0 else 0.0

    @classmethod
    def of(cls, events: EventLog) -> WaitShape:
        spans = events.spans_of(WORKLOAD_TYPE, "create")
        if not spans:
            return cls(0, 0, 0.0, 0.0)
        durations = Figure.of(s.seconds for s in spans)
        span = max(s.finished for s in spans) - min(s.started for s in spans)
        return cls(len(spans), peak_overlap(spans), durations.median, span)

    def to_json(self) -> dict[str, Any]:
        return {
            "creates": self.creates,
            "peak_in_flight": self.peak,
            "median_create_seconds": self.median_create,
            "first_start_to_last_end_seconds": self.span,
            "rounds": self.rounds,
        }


@dataclass(frozen=True)
class ScaleCase:
    """One row of the scale table: N chains at an engine parallelism (None: its default),
    with the engine saving its state after every step (`checkpoints`) or only at the end,
    and the program process collecting garbage at Python's pace or at the README's
    (`collector`)."""

    chains: int
    parallel: int | None
    checkpoints: bool = True
    collector: bool = False

    @property
    def label(self) -> str:
        parallel = "default" if self.parallel is None else str(self.parallel)
        return ", ".join([parallel, *self._diagnoses(" ")])

    @property
    def slug(self) -> str:
        """The label as a stack name may spell it."""
        parallel = "default" if self.parallel is None else str(self.parallel)
        return "-".join([f"p{parallel}", *self._diagnoses("-")])

    def _diagnoses(self, space: str) -> list[str]:
        words = [] if self.checkpoints else ["no checkpoints"]
        words += ["README collector"] if self.collector else []
        return [word.replace(" ", space) for word in words]

    @property
    def default(self) -> bool:
        """Run without `--parallel`, at the engine's own default."""
        return self.parallel is None

    @property
    def judged(self) -> bool:
        """Targets hold at `--parallel` of at least N, as users run `up`; below it the
        engine starts the workloads in rounds, which is the user's setting, not the
        provider's cost, and a row that changes the engine's or the program's settings is
        a diagnosis, not a use."""
        return (
            self.parallel is not None
            and self.parallel >= self.chains
            and self.checkpoints
            and not self.collector
        )

    @property
    def engine_settings(self) -> dict[str, str]:
        """`PULUMI_SKIP_CHECKPOINTS`: the engine writes the stack's state once, at the end,
        instead of rewriting all of it after every step. `PROGRAM_GC_THRESHOLD`: the
        generated program's first line sets the collector's thresholds the README gives
        users of large stacks. Floor and chains alike, so the row shows the provider's own
        cost without the engine's rewrite (whose price grows with the state's size and the
        number of steps) and without the collector walks the SDK's pending Outputs set off
        (see bench/README.md)."""
        settings = {} if self.checkpoints else {"PULUMI_SKIP_CHECKPOINTS": "true"}
        if self.collector:
            settings[PROGRAM_GC_THRESHOLD] = README_GC_THRESHOLD
        return settings


def parallel_for(chains: int, parallel: int | None) -> int:
    """The `--parallel` a row of N chains runs at: the benchmark's, raised to N."""
    return max(chains, parallel or 0)


def scale_cases(
    chain_counts: Sequence[int], parallel: int | None, extra_parallel: int | None
) -> list[ScaleCase]:
    """Each count at `--parallel` of at least N, then the largest count again at the
    engine's default (what a bare `pulumi up` gives), at `extra_parallel` if asked, and
    with the README's collector setting in the program (what users who follow it get),
    without the engine's per-step checkpoints (how much of the row is the engine's), and
    without both (what is left for the provider)."""
    cases = [ScaleCase(n, parallel_for(n, parallel)) for n in chain_counts]
    if chain_counts:
        largest = max(chain_counts)
        cases.append(ScaleCase(largest, None))
        if extra_parallel and extra_parallel != parallel_for(largest, parallel):
            cases.append(ScaleCase(largest, extra_parallel))
        at_least_n = parallel_for(largest, parallel)
        cases.append(ScaleCase(largest, at_least_n, collector=True))
        cases.append(ScaleCase(largest, at_least_n, checkpoints=False))
        cases.append(ScaleCase(largest, at_least_n, checkpoints=False, collector=True))
    return cases


def scale(options: Options, cases: Sequence[ScaleCase], startup_seconds: float) -> Section:
    """N chains against a server whose workloads take `startup_seconds` to start: `up`
    against the floor of the same number of Noops plus one start-up time."""
    notes: list[str] = []
    section = Section(
        title=f"3. Scale: N artifact->workload->deployment chains, {startup_seconds:g} s "
        "workload start-up",
        headers=[
            "N",
            "K",
            "--parallel",
            "floor up",
            "up",
            f"{startup_seconds:g} s + floor",
            "ratio",
            "target",
            "met",
            "workload waits",
        ],
    )
    state = options.state_dir / "scale"
    with api_server(state / "server", startup_seconds=startup_seconds) as server:
        for case in cases:
            _scale_case(options, server, state, case, startup_seconds, section, notes)
    section.notes.extend(
        [
            "K = 3N resources; the floor is K Noops in the same chain shape, at the same "
            f"--parallel; server --step-seconds {step_seconds_for(startup_seconds):g} "
            f"({steps_to_running()} steps from submitted to running)",
            "workload waits: the most workload creates in flight at once, and how many start-up "
            "times the creates took end to end (1 round = all side by side)",
            "targets hold at --parallel >= N; the engine's default (4 per CPU) is shown beside "
            "them, without a target: below N it starts the workloads in rounds by design",
            "no checkpoints: floor and chains with PULUMI_SKIP_CHECKPOINTS=true, the engine "
            "saving the state once instead of after every step; the gap between that row and "
            "the judged one is the engine's rewriting of the whole state, which grows with N "
            "and with each resource's state; not a setting to run with (an `up` cut short "
            "then leaves objects its state does not list)",
            "README collector: the README's gc.set_threshold line as the first line of the "
            "floor's and the chains' programs (project programs only: an inline program runs "
            "in the benchmark's process), the collector walks the SDK's pending Outputs set "
            "off taken away; with no checkpoints as well, what remains is the provider's and "
            "the engine's own per-step work",
            options.where(),
            *notes,
        ]
    )
    return section


def _scale_case(
    options: Options,
    server: ApiServer,
    state: Path,
    case: ScaleCase,
    startup_seconds: float,
    section: Section,
    notes: list[str],
) -> None:
    n = case.chains
    k = n * RESOURCES_PER_CHAIN
    floor_up: list[float] = []
    chain_up: list[float] = []
    shapes: list[WaitShape] = []
    destroys: dict[str, list[float]] = {"floor": [], "chains": []}
    for run in range(options.runs):
        for which in order(run, "floor", "chains"):
            if which == "floor":
                spec = ProgramSpec(options.floor, k)
                name = f"floor-k{k}-{case.slug}-r{run}"
                stack = options.stack(
                    state,
                    name,
                    spec,
                    parallel=case.parallel,
                    engine_default=case.default,
                    engine_settings=case.engine_settings,
                )
            else:
                spec = ProgramSpec("chains", n)
                name = f"chains-n{n}-{case.slug}-r{run}"
                stack = options.stack(
                    state,
                    name,
                    spec,
                    server,
                    parallel=case.parallel,
                    engine_default=case.default,
                    engine_settings=case.engine_settings,
                )
            up = stack.run("up")
            check_changes(f"{name} up", up, "create", notes)
            down = stack.run("destroy")
            check_changes(f"{name} destroy", down, "delete", notes)
            stack.remove()
            destroys[which].append(down.seconds)
            if which == "floor":
                floor_up.append(up.seconds)
            else:
                chain_up.append(up.seconds)
                shapes.append(WaitShape.of(up.events))
            options.log(
                f"[bench] scale N={n} --parallel {case.label} {which} run "
                f"{run + 1}/{options.runs}: up {up.seconds:.2f}s, destroy {down.seconds:.2f}s"
            )
    budget = [startup_seconds + f for f in floor_up]
    ratio = ratios(chain_up, budget)
    peak = Figure.of(s.peak for s in shapes)
    rounds = Figure.of(s.rounds for s in shapes)
    target_cells = ["-", "-"]
    goal = SCALE_RATIO_TARGETS.get(n)
    if goal is not None and case.judged:
        met = ratio.median <= goal
        wanted = f"<= {goal:.2f}x"
        section.targets.append(
            Target(
                f"N={n} up vs {startup_seconds:g} s + floor (--parallel {case.label})",
                wanted,
                ratio_cell(ratio),
                met,
            )
        )
        target_cells = [wanted, verdict(met)]
    section.rows.append(
        [
            str(n),
            str(k),
            case.label,
            seconds_cell(Figure.of(floor_up)),
            seconds_cell(Figure.of(chain_up)),
            seconds_cell(Figure.of(budget)),
            ratio_cell(ratio),
            *target_cells,
            f"{peak.median:.0f} at once, {rounds.median:.1f} rounds",
        ]
    )
    section.data[f"N={n} parallel={case.label}"] = {
        "floor_up_seconds": Figure.of(floor_up).to_json(),
        "up_seconds": Figure.of(chain_up).to_json(),
        "ratio": ratio.to_json(),
        "floor_destroy_seconds": Figure.of(destroys["floor"]).to_json(),
        "destroy_seconds": Figure.of(destroys["chains"]).to_json(),
        "workload_creates": [shape.to_json() for shape in shapes],
    }
