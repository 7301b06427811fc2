"""Sections 1 and 2: the engine floor (3 Noops) against the quickstart, command by command."""

from __future__ import annotations

from bench.apiserver import ApiServer, Calls, api_server
from bench.engine import BenchStack
from bench.figures.options import Options
from bench.figures.runs import LIFECYCLE, check_changes, order, ratio_cell, seconds_cell
from bench.programs import CHAIN_LENGTH, Dialect, ProgramSpec
from bench.report import Section, Target, verdict
from bench.stats import Figure, ratios

QUICKSTART_RATIO_TARGET = 1.1


def _lifecycle(
    stack: BenchStack, server: ApiServer | None, notes: list[str]
) -> tuple[dict[str, float], dict[str, Calls]]:
    """Runs up, preview, up again, refresh, destroy; wall times and, with a server, calls."""
    seconds: dict[str, float] = {}
    calls: dict[str, Calls] = {}
    for label, command, expected in LIFECYCLE:
        if server is not None:
            server.clear_requests()
        result = stack.run(command)
        seconds[label] = result.seconds
        if server is not None:
            calls[label] = server.calls()
        check_changes(f"{stack.name} {label}", result, expected, notes)
    stack.remove()
    return seconds, calls


# What each dialect's quickstart is, for the section's title.
QUICKSTART_OF: dict[Dialect, str] = {
    "older": "artifact, workload, deployment",
    "current": "artifact, workload with its invoke URL; no deployments in this dialect",
}


def floor_and_quickstart(options: Options, dialect: Dialect = "older") -> Section:
    """The engine floor (as many Noops as the dialect's quickstart has resources) and the
    quickstart of `dialect` with zero server step durations, command by command, and
    their per-run ratio."""
    resources = CHAIN_LENGTH[dialect]
    notes: list[str] = []
    floor_runs: list[dict[str, float]] = []
    quick_runs: list[dict[str, float]] = []
    quick_calls: list[dict[str, dict[str, int]]] = []
    state = options.state_dir / f"quickstart-{dialect}"
    with api_server(state / "server", startup_seconds=0.0) as server:
        for run in range(options.runs):
            for which in order(run, "floor", "quickstart"):
                if which == "floor":
                    spec = ProgramSpec(options.floor, resources, dialect)
                    stack = options.stack(state, f"floor-k{resources}-r{run}", spec)
                    seconds, _ = _lifecycle(stack, None, notes)
                    floor_runs.append(seconds)
                else:
                    stack = options.stack(
                        state, f"quickstart-r{run}", ProgramSpec("chains", 1, dialect), server
                    )
                    seconds, calls = _lifecycle(stack, server, notes)
                    quick_runs.append(seconds)
                    quick_calls.append({label: c.counts for label, c in calls.items()})
                options.log(
                    f"[bench] {which} run {run + 1}/{options.runs}: "
                    + ", ".join(f"{label} {s:.2f}s" for label, s in seconds.items())
                )
    section = Section(
        title=f"1+2. Engine floor (K={resources} Noops) vs quickstart, {dialect} dialect "
        f"({QUICKSTART_OF[dialect]}; 0 s server steps)",
        headers=["command", f"floor K={resources}", "quickstart", "ratio", "target", "met"],
        notes=[
            "wall time of the `pulumi` CLI process alone (up = `pulumi up --yes --skip-preview`,"
            " as the Automation API runs it); median (min-max) over runs; the ratio is per run,"
            " floor and quickstart run side by side",
            options.where(),
            *notes,
        ],
    )
    for label, _, _ in LIFECYCLE:
        floor = Figure.of(r[label] for r in floor_runs)
        quick = Figure.of(r[label] for r in quick_runs)
        ratio = ratios([r[label] for r in quick_runs], [r[label] for r in floor_runs])
        met = ratio.median <= QUICKSTART_RATIO_TARGET
        wanted = f"<= {QUICKSTART_RATIO_TARGET:.1f}x"
        section.rows.append(
            [
                label,
                seconds_cell(floor),
                seconds_cell(quick),
                ratio_cell(ratio),
                wanted,
                verdict(met),
            ]
        )
        section.targets.append(
            Target(
                f"quickstart ({dialect} dialect) {label} vs engine floor",
                wanted,
                ratio_cell(ratio),
                met,
            )
        )
        section.data[label] = {
            "floor_seconds": floor.to_json(),
            "quickstart_seconds": quick.to_json(),
            "ratio": ratio.to_json(),
        }
    section.data["quickstart_calls"] = quick_calls
    section.data["dialect"] = dialect
    return section
