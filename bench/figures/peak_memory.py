"""Section 6: peak resident memory of each process of `up`, floor against chains."""

from __future__ import annotations

from collections.abc import Sequence

from bench.apiserver import api_server
from bench.figures.options import Options
from bench.figures.runs import check_changes, order, ratio_cell
from bench.figures.scaling import parallel_for
from bench.memory import SAMPLE_SECONDS, PeakMemory, available, peak_mib_of
from bench.programs import RESOURCES_PER_CHAIN, ProgramSpec
from bench.report import Section
from bench.stats import Figure, ratios

MEMORY_ROLES = ("provider host", "program", "engine")


def memory(options: Options, chain_counts: Sequence[int], startup_seconds: float) -> Section:
    """Peak resident memory of each process of `up`, floor against chains, for each N, in
    runs of their own (sampling costs CPU, so no timed run is sampled). Workloads take
    `startup_seconds` to start, at `--parallel` of at least N, so the provider host holds
    all N waits at once, as in the scale figure."""
    notes: list[str] = []
    section = Section(
        title="6. Memory: peak resident set size of each process of `up` (MiB), "
        f"{startup_seconds:g} s workload start-up",
        headers=["N", "K", "--parallel", "process", "floor", "provider", "ratio"],
    )
    if not available():
        section.notes.append("not measured: this machine has no Linux /proc")
        return section
    state = options.state_dir / "memory"
    with api_server(state / "server", startup_seconds=startup_seconds) as server:
        for n in chain_counts:
            k = n * RESOURCES_PER_CHAIN
            parallel = parallel_for(n, options.parallel)
            peaks: dict[str, list[dict[str, float]]] = {"floor": [], "chains": []}
            for run in range(options.runs):
                for which in order(run, "floor", "chains"):
                    if which == "floor":
                        spec = ProgramSpec(options.floor, k)
                        name = f"mem-floor-k{k}-r{run}"
                        stack = options.stack(state, name, spec, parallel=parallel)
                    else:
                        spec = ProgramSpec("chains", n)
                        name = f"mem-chains-n{n}-r{run}"
                        stack = options.stack(state, name, spec, server, parallel=parallel)
                    with PeakMemory() as sampled:
                        up = stack.run("up")
                    check_changes(f"{stack.name} up", up, "create", notes)
                    check_changes(f"{stack.name} destroy", stack.run("destroy"), "delete", notes)
                    stack.remove()
                    peaks[which].append(sampled.peaks)
                options.log(f"[bench] memory N={n} run {run + 1}/{options.runs} done")
            _memory_rows(section, n, k, parallel, peaks)
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
            options.where(),
            *notes,
        ]
    )
    section.data["server_peak_mib"] = server_peak
    return section


def _memory_rows(
    section: Section, n: int, k: int, parallel: int, peaks: dict[str, list[dict[str, float]]]
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
            [
                str(n),
                str(k),
                str(parallel),
                role,
                floor.render(digits=0),
                provider.render(digits=0),
                ratio_cell(ratio),
            ]
        )
        section.data[f"N={n} {role}"] = {
            "floor_mib": floor.to_json(),
            "provider_mib": provider.to_json(),
            "ratio": ratio.to_json(),
        }
