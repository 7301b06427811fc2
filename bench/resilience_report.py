"""Re-measure how the system survives faults, crashes and bad input: one line per figure.

    source scripts/env.sh
    python bench/resilience_report.py            # the bounded suite (~6 min on 2 cores)
    python bench/resilience_report.py --long     # RESILIENCE_LONG=1: bigger stacks, more
    python bench/resilience_report.py -- -k faults   # extra arguments go to pytest
    python bench/resilience_report.py --long -- -k many_stacks   # 8 stacks x 10 chains

It runs tests/resilience (real Pulumi engine, local Workload API server) with
RESILIENCE_FIGURES pointing at a scratch file: each test asserts its figures at target
and appends what it measured there (tests/resilience/figures.py). The figures printed
are therefore exactly what the tests measured, summed over the scenarios that measure
them. Exit status 0 only when pytest passed and every figure is at its target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.resilience.figures import FIGURES_ENV, LONG_ENV  # noqa: E402

Records = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Figure:
    """A line of the report: how to compute its value and text, and whether it is on target."""

    label: str
    target: str
    measure: Callable[[Records], tuple[str, bool]]


def _total(records: Records, figure: str) -> int:
    return sum(int(r["value"]) for r in records.get(figure, []))


def _scenarios(records: Records, figure: str) -> int:
    return len({r["scenario"] for r in records.get(figure, [])})


def _runs(records: Records) -> tuple[str, bool]:
    runs = _total(records, "runs")
    converged = sum(int(r.get("converged", 0)) for r in records.get("runs", []))
    text = f"{runs} pulumi runs under faults, crash or interrupt; {converged} converged"
    return text, runs > 0 and converged == runs


def _faults(records: Records) -> tuple[str, bool]:
    kinds: Counter[str] = Counter()
    for record in records.get("faults_injected", []):
        kinds.update({k: int(v) for k, v in record.get("by_kind", {}).items()})
    detail = ", ".join(f"{k}: {kinds[k]}" for k in sorted(kinds))
    text = f"{_total(records, 'faults_injected')} ({detail})"
    return text, bool(kinds) and all(kinds[k] > 0 for k in kinds)


def _zero(figure: str, what: str) -> Callable[[Records], tuple[str, bool]]:
    def measure(records: Records) -> tuple[str, bool]:
        value = _total(records, figure)
        scenarios = _scenarios(records, figure)
        return f"{value} {what} (over {scenarios} scenarios)", scenarios > 0 and value == 0

    return measure


def _lost(records: Records) -> tuple[str, bool]:
    value = _total(records, "lost_writes")
    acked = sum(int(r.get("acknowledged_writes", 0)) for r in records.get("lost_writes", []))
    acked += sum(int(r.get("acknowledged", 0)) for r in records.get("lost_writes", []))
    scenarios = _scenarios(records, "lost_writes")
    text = f"{value} (acknowledged writes checked: {acked}; {scenarios} scenarios)"
    return text, bool(records.get("lost_writes")) and value == 0


def _rejected(records: Records) -> tuple[str, bool]:
    rejected = _total(records, "invalid_programs_rejected")
    return f"{rejected} invalid programs rejected at preview", rejected >= 25


def _preview_calls(records: Records) -> tuple[str, bool]:
    calls = _total(records, "rejected_preview_api_calls")
    previews = len(records.get("rejected_preview_api_calls", []))
    return f"{calls} API calls made by {previews} rejected previews", previews > 0 and calls == 0


def _tokens(records: Records) -> tuple[str, bool]:
    value = _total(records, "token_occurrences")
    searched = sum(int(r.get("searched_bytes", 0)) for r in records.get("token_occurrences", []))
    echo = sum(
        int(r.get("upstream_v9_config_echo", 0)) for r in records.get("token_occurrences", [])
    )
    text = (
        f"{value} in {searched:,} bytes of output, logs, state and exports "
        f"(apart: {echo} in Pulumi's own -v=9 Configure logging, a config token only)"
    )
    return text, bool(records.get("token_occurrences")) and value == 0


def _server_errors(records: Records) -> tuple[str, bool]:
    errors = _total(records, "fuzz_5xx")
    requests = _total(records, "fuzz_requests")
    sent: Counter[str] = Counter()
    for record in records.get("fuzz_requests", []):
        sent[str(record.get("dialect", "older"))] += int(record["value"])
    failed: Counter[str] = Counter()
    for record in records.get("fuzz_5xx", []):
        failed.update({k: int(v) for k, v in record.get("by_dialect", {}).items()})
    detail = ", ".join(f"{d}: {failed[d]} of {sent[d]:,}" for d in sorted(sent))
    text = f"{errors} of {requests:,} fuzzed requests ({detail})"
    return text, requests >= 2000 and errors == 0 and len(sent) >= 2


def _auth(records: Records) -> tuple[str, bool]:
    violations = _total(records, "auth_violations")
    operations = sum(int(r.get("operations", 0)) for r in records.get("auth_violations", []))
    extra = sum(int(r.get("auth_violations", 0)) for r in records.get("fuzz_5xx", []))
    text = f"{violations + extra} answers other than 401/403/404 ({operations} operations + fuzz)"
    return text, operations > 0 and violations + extra == 0


FIGURES = (
    Figure("runs", "every run converges", _runs),
    Figure("faults injected", "> 0 of every kind", _faults),
    Figure("duplicates", "0", _zero("duplicates", "duplicates")),
    Figure("orphans", "0", _zero("orphans", "orphans")),
    Figure("lost writes", "0", _lost),
    Figure("invalid programs rejected", ">= 25", _rejected),
    Figure("API calls by rejected previews", "0", _preview_calls),
    Figure("token occurrences", "0", _tokens),
    Figure("5xx count", "0 of >= 2,000", _server_errors),
    Figure("auth rule violations", "0", _auth),
)


def _mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def concurrency(records: Records) -> tuple[list[str], bool]:
    """The many-stacks scenario, one block per run of it (tests/resilience/test_many_stacks.py)."""
    lines: list[str] = []
    all_ok = True
    for run in records.get("concurrent_stacks", []):
        ok = run["duplicates"] == 0 and run["orphans"] == 0 and run["faults"] > 0
        all_ok = all_ok and ok
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(run["faults_by_kind"].items()) if v)
        grown = run["memory_peak_kib"] - run["memory_before_kib"]
        lines += [
            f"{'ok  ' if ok else 'MISS'} {run['scenario']}",
            f"       stacks                 {run['value']} (all converged in one `pulumi up`)",
            f"       resources              {run['resources']}",
            f"       faults injected        {run['faults']} of {run['requests']} requests "
            f"({kinds})",
            f"       retries                {run['retries']} (answers 429, 5xx or dropped)",
            f"       duplicates             {run['duplicates']}",
            f"       orphans                {run['orphans']}",
            f"       wall time              {run['wall_seconds']:.1f} s",
            f"       peak server memory     {_mib(run['memory_peak_kib'])} (before the run "
            f"{_mib(run['memory_before_kib'])}, after {_mib(run['memory_after_kib'])}; "
            f"+{_mib(grown)} at peak)",
        ]
    return lines, all_ok


def bursts(records: Records) -> tuple[list[str], bool]:
    """Many creates at once (tests/resilience/test_concurrent_creates.py)."""
    lines: list[str] = []
    all_ok = True
    for run in records.get("concurrent_creates", []):
        ok = run["duplicates"] == 0 and run["orphans"] == 0 and run["faults"] > 0
        all_ok = all_ok and ok
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(run["faults_by_kind"].items()) if v)
        lines += [
            f"{'ok  ' if ok else 'MISS'} {run['scenario']}",
            f"       creates                {run['value']} (all running)",
            f"       faults injected        {run['faults']} ({kinds})",
            f"       duplicates             {run['duplicates']}",
            f"       orphans                {run['orphans']}",
            f"       status reads           {run['status_reads']} "
            f"({run['status_reads'] / run['value']:.2f} per workload)",
            f"       wall time              {run['wall_seconds']:.1f} s",
        ]
    return lines, all_ok


def load(path: Path) -> Records:
    records: Records = defaultdict(list)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["figure"]].append(record)
    return dict(records)


def report(records: Records) -> tuple[list[str], bool]:
    lines = []
    all_ok = True
    for figure in FIGURES:
        if not any(records.values()):
            text, ok = "not measured", False
        else:
            text, ok = figure.measure(records)
        all_ok = all_ok and ok
        mark = "ok  " if ok else "MISS"
        lines.append(f"{mark} {figure.label:<31} {text}   [target: {figure.target}]")
    return lines, all_ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", action="store_true", help=f"set {LONG_ENV}=1")
    parser.add_argument("--keep", type=Path, help="keep the raw JSON-lines figures here")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="resilience-report-") as scratch:
        figures = args.keep or Path(scratch) / "figures.jsonl"
        figures.unlink(missing_ok=True)
        env = {**os.environ, FIGURES_ENV: str(figures)}
        if args.long:
            env[LONG_ENV] = "1"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "tests/resilience",
            *args.pytest_args,
        ]
        print("$ " + " ".join(command[2:]) + (f"   ({LONG_ENV}=1)" if args.long else ""))
        tests = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        summary = [line for line in tests.stdout.splitlines() if line.strip()][-1:]
        print(f"pytest: {summary[0] if summary else '(no output)'} (exit {tests.returncode})")
        if tests.returncode != 0:
            failed = [line for line in tests.stdout.splitlines() if line.startswith("FAILED")]
            errors = [line for line in tests.stdout.splitlines() if line.startswith("E ")]
            print(*errors[:40], *failed, tests.stderr[-2000:], sep="\n", file=sys.stderr)
        records = load(figures)
        lines, all_ok = report(records)
        many, many_ok = concurrency(records)
        burst, burst_ok = bursts(records)
    print("\n".join(lines))
    if many:
        print("many stacks at once:")
        print("\n".join(many))
        all_ok = all_ok and many_ok
    if burst:
        print("many creates at once:")
        print("\n".join(burst))
        all_ok = all_ok and burst_ok
    verdict = all_ok and tests.returncode == 0
    print("all figures at target" if verdict else "NOT all figures at target")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
