"""Section 4: API calls per command, from the server's request log, for stacks of N chains."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.apiserver import ApiServer, Calls, api_server
from bench.engine import Command
from bench.figures.options import Options
from bench.figures.runs import LIFECYCLE, check_changes
from bench.figures.scaling import parallel_for
from bench.programs import RESOURCES_PER_CHAIN, ProgramSpec
from bench.report import Section, Target, verdict
from bench.stats import Figure

# (label, command, the only op its plan may show), in the order of `_CallRun`'s fields:
# a preview of the stack before it exists, then the life of the stack.
CALL_SEQUENCE: tuple[tuple[str, Command, str], ...] = (
    ("preview of a new stack", "preview", "create"),
    *LIFECYCLE,
)


@dataclass
class _CallRun:
    new_preview: Calls
    up: Calls
    preview: Calls
    up_again: Calls
    refresh: Calls
    destroy: Calls


def _call_run(
    options: Options, server: ApiServer, state: Path, n: int, run: int, notes: list[str]
) -> _CallRun:
    parallel = parallel_for(n, options.parallel)
    stack = options.stack(
        state, f"calls-n{n}-r{run}", ProgramSpec("chains", n), server, parallel=parallel
    )
    taken: list[Calls] = []
    for label, command, expected in CALL_SEQUENCE:
        server.clear_requests()
        result = stack.run(command)
        taken.append(server.calls())
        check_changes(f"{stack.name} {label}", result, expected, notes)
    stack.remove()
    return _CallRun(*taken)


def api_calls(options: Options, chain_counts: Sequence[int], startup_seconds: float) -> Section:
    """API calls per command, from the server's request log, for stacks of N chains."""
    notes: list[str] = []
    state = options.state_dir / "calls"
    by_n: dict[int, list[_CallRun]] = {}
    with api_server(state / "server", startup_seconds=startup_seconds) as server:
        for n in chain_counts:
            by_n[n] = []
            for run in range(options.runs):
                by_n[n].append(_call_run(options, server, state, n, run, notes))
                options.log(f"[bench] calls N={n} run {run + 1}/{options.runs} done")
    headers = [
        "command",
        *(f"N={n} ({n * RESOURCES_PER_CHAIN} objects)" for n in chain_counts),
        "target",
        "met",
    ]
    section = Section(
        title=f"4. API calls per command (server request log; {startup_seconds:g} s start-up)",
        headers=headers,
    )

    def row(
        label: str,
        cell: Callable[[_CallRun, int], float],
        target: str,
        goal: Callable[[Figure, int], bool] | None,
    ) -> None:
        cells: list[str] = []
        met_all = True
        for n in chain_counts:
            figure = Figure.of(cell(r, n) for r in by_n[n])
            cells.append(
                figure.render("", 1) if len(set(figure.values)) > 1 else f"{figure.median:g}"
            )
            if goal is not None:
                met = goal(figure, n)
                met_all = met_all and met
                section.targets.append(Target(f"{label}, N={n}", target, cells[-1], met))
        section.rows.append([label, *cells, target, verdict(met_all) if goal else "-"])

    def none_at_all(figure: Figure, _n: int) -> bool:
        return figure.high == 0

    def one_read_per_object(figure: Figure, n: int) -> bool:
        return figure.low == figure.high == n * RESOURCES_PER_CHAIN

    def workload_gets(calls: Calls) -> int:
        """Status polls: reads of one workload, and lists of waited-on workloads."""
        return calls.of("GET", "console/workloads")

    def creates(calls: Calls) -> int:
        return calls.of("POST", "/", item=False)

    row("preview of a new stack: calls", lambda r, n: r.new_preview.total, "0", none_at_all)
    row("up (create): POST", lambda r, n: creates(r.up), "3N", None)
    row(
        "  POST per workload",
        lambda r, n: r.up.of("POST", "console/workloads", item=False) / n,
        "1",
        None,
    )
    row("  GET polls per workload", lambda r, n: workload_gets(r.up) / n, "-", None)
    row(
        "    of them, lists (?ids=)",
        lambda r, n: r.up.of("GET", "console/workloads", item=False) / n,
        "-",
        None,
    )
    row(
        "  other calls",
        lambda r, n: r.up.total - creates(r.up) - workload_gets(r.up),
        "-",
        None,
    )
    row("preview, no changes: calls", lambda r, n: r.preview.total, "0", none_at_all)
    row("up, no changes: writes", lambda r, n: r.up_again.writes, "0", none_at_all)
    row("up, no changes: reads", lambda r, n: r.up_again.reads, "-", None)
    row("refresh: reads", lambda r, n: r.refresh.reads, "3N", one_read_per_object)
    row("refresh: writes", lambda r, n: r.refresh.writes, "0", none_at_all)
    row("destroy: DELETE", lambda r, n: r.destroy.of("DELETE", "/"), "3N", None)
    row(
        "destroy: other calls",
        lambda r, n: r.destroy.total - r.destroy.of("DELETE", "/"),
        "-",
        None,
    )
    section.notes.extend(
        [
            "medians (min-max when runs differ); a workload create is one POST, then polls "
            "until it is running: a GET of the workload, or one list call (?ids=) for up to a "
            "hundred waited-on workloads; per-workload rows are the totals divided by N",
            f"stacks of N chains run at --parallel max(N, {options.parallel or 'default'})",
            *notes,
        ]
    )
    section.data = {
        f"N={n}": [{k: v.counts for k, v in vars(r).items()} for r in runs]
        for n, runs in by_n.items()
    }
    return section
