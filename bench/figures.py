"""The five measurements of the issue, and memory, each producing one report `Section`.

Every timed comparison is made *side by side*: floor and provider runs alternate (floor
first on even runs, provider first on odd ones), so a moment of load on this shared machine
hits both and the per-run ratio stays fair. Each section gets its own server and state
folder, so one figure never leaves objects or stacks behind for the next.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.apiserver import (
    TOKEN,
    ApiServer,
    Calls,
    api_server,
    step_seconds_for,
    steps_to_running,
)
from bench.engine import BenchStack, Command, CommandRun, EventLog, Mode, peak_overlap
from bench.load import LoadResult, get_request, post_request, run_load
from bench.memory import SAMPLE_SECONDS, PeakMemory, available, peak_mib_of
from bench.programs import RESOURCES_PER_CHAIN, Kind, ProgramSpec
from bench.report import Section, Target, verdict
from bench.stats import Figure, ratios

QUICKSTART_RATIO_TARGET = 1.2
SCALE_RATIO_TARGET = 2.0
SCALE_TARGET_N = 50
GET_RPS_TARGET = 1000.0
WORKLOAD_TYPE = ":Workload"
LOAD_WARMUP_SECONDS = 0.5

# The command sequence of one floor or quickstart run: (label, engine command, the only
# operation its plan may show for an unchanged program).
LIFECYCLE: tuple[tuple[str, Command, str], ...] = (
    ("up", "up", "create"),
    ("preview", "preview", "same"),
    ("up, no changes", "up", "same"),
    ("refresh", "refresh", "same"),
    ("destroy", "destroy", "delete"),
)


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
    ) -> BenchStack:
        """A stack with these options; `server` wires the provider config to it."""
        return BenchStack(
            state_dir=state,
            env=self.env,
            name=name,
            program=program,
            mode=self.mode,
            config=server.stack_config() if server is not None else None,
            parallel=parallel if parallel is not None else self.parallel,
        )


def _seconds(figure: Figure) -> str:
    return figure.render(" s")


def _times(figure: Figure) -> str:
    return figure.render("x")


def _order(run: int, first: str, second: str) -> tuple[str, str]:
    """Flipped each run, so neither side always goes first (and meets a warmer cache)."""
    return (first, second) if run % 2 == 0 else (second, first)


def _check_changes(label: str, run: CommandRun, expected: str, notes: list[str]) -> None:
    """Note (never hide) a command whose plan was not what this step must give."""
    unexpected = {op: n for op, n in run.changes.items() if op != expected}
    if unexpected:
        notes.append(f"unexpected plan for {label}: {run.changes} (wanted only {expected!r})")


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
        _check_changes(f"{stack.name} {label}", result, expected, notes)
    stack.remove()
    return seconds, calls


def _where(options: Options) -> str:
    programs = (
        "programs run as projects by the language host, as `pulumi up` runs a user's project"
        if options.mode == "project"
        else "inline programs, run inside the benchmark process (program-side imports hidden)"
    )
    floor = (
        "bench.floor.FloorNoop (imports only pulumi)"
        if options.floor == "floor"
        else "the SDK's diagnostics.Noop (its import loads the whole SDK and provider)"
    )
    return f"{programs}; floor resource: {floor}"


# 1 and 2 ---------------------------------------------------------------------------------
def floor_and_quickstart(options: Options) -> Section:
    """The engine floor (3 Noops) and the quickstart (artifact, workload, deployment) with
    zero server step durations, command by command, and their per-run ratio."""
    resources = RESOURCES_PER_CHAIN
    notes: list[str] = []
    floor_runs: list[dict[str, float]] = []
    quick_runs: list[dict[str, float]] = []
    quick_calls: list[dict[str, dict[str, int]]] = []
    state = options.state_dir / "quickstart"
    with api_server(state / "server", startup_seconds=0.0) as server:
        for run in range(options.runs):
            for which in _order(run, "floor", "quickstart"):
                if which == "floor":
                    spec = ProgramSpec(options.floor, resources)
                    stack = options.stack(state, f"floor-k{resources}-r{run}", spec)
                    seconds, _ = _lifecycle(stack, None, notes)
                    floor_runs.append(seconds)
                else:
                    stack = options.stack(
                        state, f"quickstart-r{run}", ProgramSpec("chains", 1), server
                    )
                    seconds, calls = _lifecycle(stack, server, notes)
                    quick_runs.append(seconds)
                    quick_calls.append({label: c.counts for label, c in calls.items()})
                options.log(
                    f"[bench] {which} run {run + 1}/{options.runs}: "
                    + ", ".join(f"{label} {s:.2f}s" for label, s in seconds.items())
                )
    section = Section(
        title=f"1+2. Engine floor (K={resources} Noops) vs quickstart (artifact, workload, "
        "deployment; 0 s server steps)",
        headers=["command", f"floor K={resources}", "quickstart", "ratio", "target", "met"],
        notes=[
            "wall time of the `pulumi` CLI process alone (up = `pulumi up --yes --skip-preview`,"
            " as the Automation API runs it); median (min-max) over runs; the ratio is per run,"
            " floor and quickstart run side by side",
            _where(options),
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
            [label, _seconds(floor), _seconds(quick), _times(ratio), wanted, verdict(met)]
        )
        section.targets.append(
            Target(f"quickstart {label} vs engine floor", wanted, _times(ratio), met)
        )
        section.data[label] = {
            "floor_seconds": floor.to_json(),
            "quickstart_seconds": quick.to_json(),
            "ratio": ratio.to_json(),
        }
    section.data["quickstart_calls"] = quick_calls
    return section


# 3 ---------------------------------------------------------------------------------------
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
    """One row of the scale table: N chains at an engine parallelism (None: its default)."""

    chains: int
    parallel: int | None

    @property
    def label(self) -> str:
        return "default" if self.parallel is None else str(self.parallel)


def scale_cases(
    chain_counts: Sequence[int], parallel: int | None, extra_parallel: int | None
) -> list[ScaleCase]:
    """The counts at the benchmark's parallelism, plus the largest count again at
    `extra_parallel` (to show what the engine's cap costs), when that differs."""
    cases = [ScaleCase(n, parallel) for n in chain_counts]
    if extra_parallel and chain_counts and extra_parallel != parallel:
        cases.append(ScaleCase(max(chain_counts), extra_parallel))
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
            _where(options),
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
        for which in _order(run, "floor", "chains"):
            if which == "floor":
                spec = ProgramSpec(options.floor, k)
                name = f"floor-k{k}-p{case.label}-r{run}"
                stack = options.stack(state, name, spec, parallel=case.parallel)
            else:
                spec = ProgramSpec("chains", n)
                name = f"chains-n{n}-p{case.label}-r{run}"
                stack = options.stack(state, name, spec, server, parallel=case.parallel)
            up = stack.run("up")
            _check_changes(f"{name} up", up, "create", notes)
            down = stack.run("destroy")
            _check_changes(f"{name} destroy", down, "delete", notes)
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
    if n == SCALE_TARGET_N:
        met = ratio.median <= SCALE_RATIO_TARGET
        wanted = f"<= {SCALE_RATIO_TARGET:.1f}x"
        section.targets.append(
            Target(
                f"N={n} up vs {startup_seconds:g} s + floor (--parallel {case.label})",
                wanted,
                _times(ratio),
                met,
            )
        )
        target_cells = [wanted, verdict(met)]
    section.rows.append(
        [
            str(n),
            str(k),
            case.label,
            _seconds(Figure.of(floor_up)),
            _seconds(Figure.of(chain_up)),
            _seconds(Figure.of(budget)),
            _times(ratio),
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


# 4 ---------------------------------------------------------------------------------------
# (label, command, the only op its plan may show), in the order of `_CallRun`'s fields.
CALL_SEQUENCE: tuple[tuple[str, Command, str], ...] = (
    ("preview of a new stack", "preview", "create"),
    ("up", "up", "create"),
    ("preview", "preview", "same"),
    ("up, no changes", "up", "same"),
    ("refresh", "refresh", "same"),
    ("destroy", "destroy", "delete"),
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
    stack = options.stack(state, f"calls-n{n}-r{run}", ProgramSpec("chains", n), server)
    taken: list[Calls] = []
    for label, command, expected in CALL_SEQUENCE:
        server.clear_requests()
        result = stack.run(command)
        taken.append(server.calls())
        _check_changes(f"{stack.name} {label}", result, expected, notes)
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
        return calls.of("GET", "console/workloads", item=True)

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
            "medians (min-max when runs differ); a workload create is one POST, then GETs until "
            "it is running (the first right after the POST)",
            *notes,
        ]
    )
    section.data = {
        f"N={n}": [{k: v.counts for k, v in vars(r).items()} for r in runs]
        for n, runs in by_n.items()
    }
    return section


# 5 ---------------------------------------------------------------------------------------
def _artifact_body(index: int) -> dict[str, Any]:
    container = {"name": "app", "imageUri": "registry.local/app:1", "port": 8080}
    return {
        "name": f"bench-load-{index}",
        "spec": {"containerGroups": [{"containers": [container]}]},
    }


def server_alone(options: Options, client_counts: Sequence[int], duration: float) -> Section:
    """Requests per second and latency of the server by itself, GET and POST."""
    section = Section(
        title="5. The server alone (keep-alive HTTP/1.1 on loopback, default server settings)",
        headers=[
            "request",
            "clients",
            "req/s",
            "p50 ms",
            "p99 ms",
            "errors",
            "server CPU",
            "client CPU",
            "target",
            "met",
        ],
    )
    state = options.state_dir / "server-alone"
    with api_server(state / "server", startup_seconds=0.0, test_controls=False) as server:
        created = server.http.post(
            f"{server.base_url}/registry/artifacts/",
            json=_artifact_body(-1),
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        created.raise_for_status()
        artifact_id = created.json()["id"]
        requests = {
            "GET artifact": get_request(f"/api/v2/registry/artifacts/{artifact_id}/", TOKEN),
            "POST artifact": post_request("/api/v2/registry/artifacts/", TOKEN, _artifact_body),
        }
        for label, make in requests.items():
            for clients in client_counts:
                results: list[LoadResult] = []
                server_cpu: list[float] = []
                for run in range(options.runs):
                    before = server.cpu_seconds()
                    result = run_load(
                        server.port,
                        make,
                        clients=clients,
                        warmup=LOAD_WARMUP_SECONDS,
                        duration=duration,
                    )
                    # The warm-up's CPU is in the sample too; it is short against the duration.
                    spent = server.cpu_seconds() - before
                    server_cpu.append(spent / (result.seconds + LOAD_WARMUP_SECONDS))
                    results.append(result)
                    options.log(
                        f"[bench] server {label} x{clients} run {run + 1}/{options.runs}: "
                        f"{result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, "
                        f"p99 {result.p99_ms:.1f} ms"
                    )
                _server_row(section, label, clients, max(client_counts), results, server_cpu)
    section.notes.extend(
        [
            f"each run: {LOAD_WARMUP_SECONDS:g} s warm-up, then {duration:g} s of back-to-back "
            "requests per client; medians (min-max) over runs",
            "CPU in cores used during the run: the server is one Python process (about 1 core at "
            "most); a client near 1 core would mean the load generator was the limit",
        ]
    )
    return section


def _server_row(
    section: Section,
    label: str,
    clients: int,
    most_clients: int,
    results: list[LoadResult],
    server_cpu: list[float],
) -> None:
    rps = Figure.of(r.rps for r in results)
    p50 = Figure.of(r.p50_ms for r in results)
    p99 = Figure.of(r.p99_ms for r in results)
    cpu = Figure.of(server_cpu)
    client_cpu = Figure.of(r.client_cpu for r in results)
    errors = sum(r.errors for r in results)
    target_cells = ["-", "-"]
    if label.startswith("GET") and clients == most_clients:
        met = rps.median >= GET_RPS_TARGET
        wanted = f">= {GET_RPS_TARGET:.0f} req/s"
        section.targets.append(
            Target(f"server GET req/s at {clients} clients", wanted, rps.render(" req/s", 0), met)
        )
        target_cells = [wanted, verdict(met)]
    section.rows.append(
        [
            label,
            str(clients),
            rps.render("", 0),
            p50.render("", 1),
            p99.render("", 1),
            str(errors),
            f"{cpu.median:.2f} cores",
            f"{client_cpu.median:.2f} cores",
            *target_cells,
        ]
    )
    section.data[f"{label} x{clients}"] = {
        "rps": rps.to_json(),
        "p50_ms": p50.to_json(),
        "p99_ms": p99.to_json(),
        "server_cpu_cores": cpu.to_json(),
        "client_cpu_cores": client_cpu.to_json(),
        "errors": errors,
        "requests": [r.requests for r in results],
    }


# 6 ---------------------------------------------------------------------------------------
MEMORY_ROLES = ("provider host", "program", "engine")


def memory(options: Options, chain_counts: Sequence[int]) -> Section:
    """Peak resident memory of each process of `up`, floor against chains, for each N, in
    runs of their own (sampling costs CPU, so no timed run is sampled)."""
    notes: list[str] = []
    section = Section(
        title="6. Memory: peak resident set size of each process of `up` (MiB)",
        headers=["N", "K", "process", "floor", "provider", "ratio"],
    )
    if not available():
        section.notes.append("not measured: this machine has no Linux /proc")
        return section
    state = options.state_dir / "memory"
    with api_server(state / "server", startup_seconds=0.0) as server:
        for n in chain_counts:
            k = n * RESOURCES_PER_CHAIN
            peaks: dict[str, list[dict[str, float]]] = {"floor": [], "chains": []}
            for run in range(options.runs):
                for which in _order(run, "floor", "chains"):
                    if which == "floor":
                        spec = ProgramSpec(options.floor, k)
                        stack = options.stack(state, f"mem-floor-k{k}-r{run}", spec)
                    else:
                        spec = ProgramSpec("chains", n)
                        stack = options.stack(state, f"mem-chains-n{n}-r{run}", spec, server)
                    with PeakMemory() as sampled:
                        up = stack.run("up")
                    _check_changes(f"{stack.name} up", up, "create", notes)
                    _check_changes(f"{stack.name} destroy", stack.run("destroy"), "delete", notes)
                    stack.remove()
                    peaks[which].append(sampled.peaks)
                options.log(f"[bench] memory N={n} run {run + 1}/{options.runs} done")
            _memory_rows(section, n, k, peaks)
        server_peak = peak_mib_of(server.handle.process.pid)
    section.notes.extend(
        [
            "VmHWM of each process, sampled every "
            f"{SAMPLE_SECONDS * 1000:.0f} ms while `up` ran (the kernel keeps the peak, so "
            "only a rise in a process's last interval could be missed); median (min-max) over "
            "runs; the ratio is per run",
            "provider host: `python -m pulumi.dynamic`; program: the Python program process; "
            "engine: the `pulumi` CLI",
            f"the local server's own peak after these runs: {server_peak or 0:.0f} MiB",
            _where(options),
            *notes,
        ]
    )
    section.data["server_peak_mib"] = server_peak
    return section


def _memory_rows(
    section: Section, n: int, k: int, peaks: dict[str, list[dict[str, float]]]
) -> None:
    for role in MEMORY_ROLES:
        pairs = [
            (chains[role], floor[role])
            for chains, floor in zip(peaks["chains"], peaks["floor"], strict=True)
            if role in chains and role in floor
        ]
        if not pairs:
            continue
        provider = Figure.of(c for c, _ in pairs)
        floor = Figure.of(f for _, f in pairs)
        ratio = ratios([c for c, _ in pairs], [f for _, f in pairs])
        section.rows.append(
            [str(n), str(k), role, floor.render(digits=0), provider.render(digits=0), _times(ratio)]
        )
        section.data[f"N={n} {role}"] = {
            "floor_mib": floor.to_json(),
            "provider_mib": provider.to_json(),
            "ratio": ratio.to_json(),
        }
