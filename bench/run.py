"""Command line of the benchmark: `python -m bench.run [--quick] [--only ...] [--json FILE]`.

It prints what it measured on which machine first, each section as soon as it is done (a
full run takes minutes, and a partial report is better than none if it is interrupted),
then every target with the figure it was judged on.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.report import Section, render_facts, render_targets

# The large figure's N: a platform team's stack of a few hundred objects.
LARGE_N = 200
# The quickstart's ratios are judged at 1.1x: a median of fewer runs says little at that
# margin on a shared machine.
QUICKSTART_RUNS = 7

SECTIONS = ("floor", "quickstart", "scale", "calls", "server", "memory")

_EPILOG = """\
sections (--only):
  floor, quickstart  1+2: up/preview/refresh/destroy of K Noops (the engine floor) and of
                     the quickstart with 0 s server steps, side by side, with ratios; once
                     per --dialect (older: K=3 with a deployment; current: K=2, none)
  scale              3: up of N chains with a 3 s workload start-up vs 3 s + floor(K=3N),
                     at --parallel >= N, and the largest N again at the engine's default
  calls              4: API calls per command from the server's request log
  server             5: the server alone: req/s, p50/p99 for GET and POST, 1 and 50 clients
  memory             6: peak memory of the provider host, program and engine during `up`,
                     floor vs chains, for N = 1 and the largest N (runs of its own)

examples:
  source scripts/env.sh
  python -m bench.run                          # everything, 3 runs per figure (~20 min)
  python -m bench.run --large                  # also N = 200 (~35 min)
  python -m bench.run --quick                  # 1 run, N up to 10 (~3 min)
  python -m bench.run --only scale --scale 50 --json /tmp/scale.json
"""


def _ints(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers: {text!r}") from None
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError("expected integers >= 1")
    return values


def _sections(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(SECTIONS)}"
        )
    return chosen


def build_parser() -> argparse.ArgumentParser:
    """Separate from `main` so the smoke test can check the options without running them."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Benchmark `pulumi up` with this provider against the engine's own floor, "
        "at scale, by API calls, and the local Workload API server alone.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help=f"runs per figure (default 3, and {QUICKSTART_RUNS} for the quickstart; 1 with "
        "--quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke mode: 1 run, N = 1,10 for scale, N = 1 for calls, 2 s load runs",
    )
    parser.add_argument(
        "--only",
        type=_sections,
        default=list(SECTIONS),
        metavar="LIST",
        help=f"comma-separated sections to run: {','.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--scale", type=_ints, default=None, metavar="N,N", help="chain counts (default 1,10,50)"
    )
    parser.add_argument(
        "--large",
        action="store_true",
        help=f"add N = {LARGE_N} to the scale figure, the API call counts and the memory "
        "figure (about 20 minutes more)",
    )
    parser.add_argument(
        "--calls",
        type=_ints,
        default=None,
        metavar="N,N",
        help="chain counts for the API call counts (default 1,10)",
    )
    parser.add_argument(
        "--startup",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="workload start-up time on the server for scale and calls (default 3)",
    )
    parser.add_argument(
        "--clients",
        type=_ints,
        default=[1, 50],
        metavar="N,N",
        help="concurrent clients for the server alone (default 1,50)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        metavar="SECONDS",
        help="length of each load run against the server alone (default 3; 2 with --quick)",
    )
    parser.add_argument(
        "--parallel",
        type=int,
        default=None,
        metavar="P",
        help="pass --parallel P to every engine command (default: PULUMI_PARALLEL if set, as "
        "scripts/env.sh does, else the engine's own default, which is what a bare "
        "`pulumi up` gives users); stacks of N chains run at --parallel N at least",
    )
    parser.add_argument(
        "--scale-parallel",
        type=int,
        default=0,
        metavar="P",
        help="also run the largest N of the scale figure with --parallel P (default: no such "
        "row; the largest N always runs at the engine's default as well)",
    )
    parser.add_argument(
        "--dialect",
        choices=("older", "current", "both"),
        default="both",
        help="API dialect of the quickstart section: older (artifact, workload, deployment "
        "against K=3 Noops), current (artifact, workload against K=2) or both, one section "
        "each (default: both); the other sections speak the older dialect",
    )
    parser.add_argument(
        "--programs",
        choices=("project", "inline"),
        default="project",
        help="project: each stack is a generated Pulumi project run by the language host, as "
        "`pulumi up` runs users' projects (default); inline: programs run inside this process "
        "(as the e2e tests do), which hides the program's own import time",
    )
    parser.add_argument(
        "--floor",
        choices=("bench", "sdk"),
        default="bench",
        help="floor resource: bench (bench.floor.FloorNoop, imports only pulumi; default) or "
        "sdk (pulumi_datarobot_workloads.diagnostics.Noop, whose import loads the provider)",
    )
    parser.add_argument(
        "--host-teardown",
        action="store_true",
        help="let the provider's host process exit with the interpreter's full teardown, as "
        "the floor's host does (DATAROBOT_WORKLOADS_HOST_TEARDOWN=1); by default the provider "
        "skips it, and this shows what that saves",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the report as JSON")
    parser.add_argument(
        "--keep-state",
        type=Path,
        metavar="DIR",
        help="keep stacks, backends and server data in DIR (default: a temporary folder, removed)",
    )
    parser.add_argument(
        "--fail-on-miss", action="store_true", help="exit 1 when any measured target is missed"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the chosen sections; returns the exit code (2: cannot run, 1: with
    --fail-on-miss and a target missed, else 0)."""
    args = build_parser().parse_args(argv)
    # A terminated benchmark still stops its servers and removes its temporary folder:
    # SIGTERM unwinds through the `finally` blocks as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    try:
        from datarobot_workloads_provider.host import KEEP_TEARDOWN, switched_on

        from bench import figures
        from bench.engine import EngineMissing, engine_env
        from bench.machine import machine_facts
        from bench.programs import DIALECTS
    except ImportError as exc:
        print(
            f"bench: cannot import the project ({exc}); run `source scripts/env.sh` in the "
            "repository root first (or use .venv/bin/python)",
            file=sys.stderr,
        )
        return 2

    runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    if runs < 1:
        print("bench: --runs must be >= 1", file=sys.stderr)
        return 2
    quickstart_runs = args.runs if args.runs is not None else (1 if args.quick else QUICKSTART_RUNS)
    scale_counts = args.scale or ([1, 10] if args.quick else [1, 10, 50])
    call_counts = args.calls or ([1] if args.quick else [1, 10])
    if args.large:
        scale_counts = sorted({*scale_counts, LARGE_N})
        call_counts = sorted({*call_counts, LARGE_N})
    duration = args.duration if args.duration is not None else (2.0 if args.quick else 3.0)

    # The CLI reads PULUMI_PARALLEL (scripts/env.sh sets 64), and the Automation API passes
    # this process's environment on: left in place, every "engine default" run would be at
    # that value in disguise. It becomes the benchmark's explicit --parallel instead.
    inherited = os.environ.pop("PULUMI_PARALLEL", None)
    if args.parallel is None and inherited:
        try:
            args.parallel = int(inherited)
        except ValueError:
            print(f"bench: PULUMI_PARALLEL={inherited!r} is not a number", file=sys.stderr)
            return 2

    # Likewise the provider host's teardown switch: set in the shell, it is reported.
    if switched_on(os.environ.pop(KEEP_TEARDOWN, None)):
        args.host_teardown = True

    state_dir = args.keep_state or Path(tempfile.mkdtemp(prefix="drw-bench-"))
    state_dir.mkdir(parents=True, exist_ok=True)
    try:
        env = engine_env(
            state_dir / "engine", extra={KEEP_TEARDOWN: "1"} if args.host_teardown else None
        )
    except EngineMissing as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2

    facts = machine_facts()
    facts["runs per figure"] = f"{runs} ({quickstart_runs} for the quickstart)"
    facts["quickstart dialect"] = args.dialect
    facts["--parallel of every command"] = (
        f"{args.parallel}" + (" (from PULUMI_PARALLEL)" if inherited else "")
        if args.parallel is not None
        else "the engine's default"
    )
    facts["provider host exit"] = (
        "full interpreter teardown (--host-teardown)"
        if args.host_teardown
        else "without interpreter teardown (the floor's host pays it; --host-teardown compares)"
    )
    print("Benchmark: pulumi up with pulumi-datarobot-workloads vs the engine floor")
    print(render_facts(facts))
    print(flush=True)

    options = figures.Options(
        runs=runs,
        state_dir=state_dir,
        env=env,
        parallel=args.parallel,
        mode=args.programs,
        floor="floor" if args.floor == "bench" else "floor-sdk",
    )
    cases = figures.scale_cases(scale_counts, args.parallel, args.scale_parallel or None)
    chosen = set(args.only)
    sections: list[Section] = []
    started = time.perf_counter()
    try:
        if chosen & {"floor", "quickstart"}:
            quickstart = dataclasses.replace(options, runs=quickstart_runs)
            for dialect in DIALECTS if args.dialect == "both" else (args.dialect,):
                sections.append(
                    _show(lambda d=dialect: figures.floor_and_quickstart(quickstart, d))
                )
        if "scale" in chosen:
            sections.append(_show(lambda: figures.scale(options, cases, args.startup)))
        if "calls" in chosen:
            sections.append(_show(lambda: figures.api_calls(options, call_counts, args.startup)))
        if "server" in chosen:
            sections.append(_show(lambda: figures.server_alone(options, args.clients, duration)))
        if "memory" in chosen:
            memory_counts = sorted({1, max(scale_counts)}) if scale_counts else [1]
            sections.append(_show(lambda: figures.memory(options, memory_counts, args.startup)))
    finally:
        if args.keep_state is None:
            shutil.rmtree(state_dir, ignore_errors=True)

    elapsed = time.perf_counter() - started
    targets = [target for section in sections for target in section.targets]
    load = _load()
    print("Targets")
    print("=======")
    print(render_targets(targets))
    print(f"\nbenchmark took {elapsed / 60:.1f} min; load average at the end: {load}")
    if args.json is not None:
        report: dict[str, Any] = {
            "machine": facts,
            "minutes": elapsed / 60,
            "load_average_at_end": load,
            "options": {
                "runs": runs,
                "quickstart_runs": quickstart_runs,
                "large": args.large,
                "scale": scale_counts,
                "calls": call_counts,
                "startup_seconds": args.startup,
                "clients": args.clients,
                "duration": duration,
                "parallel": args.parallel,
                "scale_parallel": args.scale_parallel,
                "programs": args.programs,
                "dialect": args.dialect,
                "floor": args.floor,
                "host_teardown": args.host_teardown,
            },
            "sections": [section.to_json() for section in sections],
            "targets": [target.to_json() for target in targets],
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"JSON report: {args.json}")
    if args.fail_on_miss and not all(target.met for target in targets):
        return 1
    return 0


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def _show(measure: Callable[[], Section]) -> Section:
    """Measures a section and prints it as soon as it is done, with the machine's load
    average before and after (a figure means little without it); returns it for the
    final report."""
    before = _load()
    section = measure()
    after = _load()
    section.notes.append(f"load average (1, 5, 15 min) before: {before}; after: {after}")
    section.data["load_average"] = {"before": before, "after": after}
    print(section.render())
    print(flush=True)
    return section


if __name__ == "__main__":
    sys.exit(main())
