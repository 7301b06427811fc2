"""The resilience report prints the many-stacks and many-creates figures the tests recorded."""

from __future__ import annotations

from bench.resilience_report import bursts, concurrency

RUN = {
    "figure": "concurrent_stacks",
    "value": 8,
    "scenario": "many stacks: 8 x 10 chains at once at 10% faults",
    "resources": 240,
    "faults": 57,
    "faults_by_kind": {"429": 20, "500": 7, "latency": 0},
    "retries": 57,
    "requests": 612,
    "duplicates": 0,
    "orphans": 0,
    "wall_seconds": 143.24,
    "memory_before_kib": 60 * 1024,
    "memory_peak_kib": 75 * 1024,
    "memory_after_kib": 70 * 1024,
}


def test_every_figure_is_printed() -> None:
    lines, ok = concurrency({"concurrent_stacks": [RUN]})
    text = "\n".join(lines)
    assert ok
    for label in (
        "stacks                 8",
        "resources              240",
        "faults injected        57 of 612 requests (429: 20, 500: 7)",
        "retries                57",
        "duplicates             0",
        "orphans                0",
        "wall time              143.2 s",
        "peak server memory     75 MiB (before the run 60 MiB, after 70 MiB; +15 MiB at peak)",
    ):
        assert label in text, (label, text)


def test_a_duplicate_misses_the_target() -> None:
    lines, ok = concurrency({"concurrent_stacks": [{**RUN, "duplicates": 1}]})
    assert not ok and lines[0].startswith("MISS")


def test_nothing_recorded_prints_nothing() -> None:
    assert concurrency({}) == ([], True)


BURST = {
    "figure": "concurrent_creates",
    "value": 200,
    "scenario": "200 workload creates at once at 8% faults",
    "faults": 24,
    "faults_by_kind": {"429": 7, "drop_after": 4, "500": 0},
    "duplicates": 0,
    "orphans": 0,
    "status_reads": 41,
    "wall_seconds": 2.24,
}


def test_the_burst_of_creates_is_printed_and_judged() -> None:
    lines, ok = bursts({"concurrent_creates": [BURST]})
    text = "\n".join(lines)
    assert ok
    for label in (
        "creates                200 (all running)",
        "faults injected        24 (429: 7, drop_after: 4)",
        "duplicates             0",
        "orphans                0",
        "status reads           41 (0.20 per workload)",
        "wall time              2.2 s",
    ):
        assert label in text, (label, text)
    _, duplicated = bursts({"concurrent_creates": [{**BURST, "duplicates": 1}]})
    assert not duplicated
