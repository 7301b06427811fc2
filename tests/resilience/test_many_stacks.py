"""Many stacks at once against one server, under faults and rate limiting.

Several `pulumi up` runs start together, each a stack of artifact -> workload ->
deployment chains with names of its own, while the server fails one request in ten: a
third of those 429 with Retry-After (the answer of a server under this kind of load),
the rest 500/502/503, added latency, and connections dropped before or after the
handler ran. Every run must succeed in one go, every stack must then match
what the server holds (no duplicates, no orphans, nothing missing) and plan no change,
and the server's memory must stay flat: the run costs it no more than a bounded amount
over what it used before, whatever the load.

Bounded: 3 stacks of 3 chains (27 resources). Long (RESILIENCE_LONG=1): 8 stacks of 10
chains (240 resources). `python bench/resilience_report.py --long -- -k many_stacks`
prints the figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.resilience.cli import CliStack
from tests.resilience.conftest import ServerFactory
from tests.resilience.controls import ALL_FAULTS, Controls
from tests.resilience.figures import long_variant, record
from tests.resilience.inventory import Comparison, Inventory
from tests.resilience.server_memory import memory_kib

pytestmark = pytest.mark.e2e
FAULT_RATE = 0.1
# Faults are drawn per request from this seed, in order, so the same number of requests
# gets the same faults; with it, the bounded run's few dozen requests include 429s too.
SEED = 20261214
KINDS = ["429", "429", *ALL_FAULTS]
# Answers that make a client try again: rate limiting, server errors, dropped connections.
RETRIED_STATUSES = frozenset({429, 500, 502, 503, None})
# What the server may add to its memory for this run, however many stacks it serves.
MEMORY_GROWTH_LIMIT_MIB = 64


def _prefix(index: int) -> str:
    return f"stack{index:02d}"


def test_many_stacks_converge_at_once_under_faults(
    start_server: ServerFactory,
    make_cli_stack: Callable[..., CliStack],
    token: str,
    tmp_path: Path,
) -> None:
    stacks, chains = (8, 10) if long_variant() else (3, 3)
    server = start_server(step_seconds=0)
    controls = Controls(server.root_url, server.base_url, token)
    inventory = Inventory(server.base_url, token)
    made = [make_cli_stack(server, chains=chains, prefix=_prefix(i)) for i in range(stacks)]
    before = memory_kib(server.process.pid)

    controls.clear_requests()
    controls.set_faults(rate=FAULT_RATE, kinds=KINDS, latencyMs=200, retryAfter=1, seed=SEED)
    started = time.monotonic()
    running = [
        stack.start("up", "--yes", "--skip-preview", log=tmp_path / f"up-{i}.log")
        for i, stack in enumerate(made)
    ]
    finished = [run.wait() for run in running]
    wall_seconds = time.monotonic() - started
    injected = controls.injected()
    entries = controls.entries()
    total_requests = controls.total_requests()
    controls.clear_faults()
    after = memory_kib(server.process.pid)

    for i, run in enumerate(finished):
        assert run.returncode == 0, f"stack {i} did not converge:\n{run.output[-6000:]}"
    comparisons: list[Comparison] = []
    for i, stack in enumerate(made):
        state = stack.resources()
        assert len(state) == 3 * chains, (i, len(state))
        comparison = inventory.compare(state, f"{_prefix(i)}-")
        assert not (comparison.orphans or comparison.duplicates or comparison.missing), (
            i,
            comparison.summary(),
        )
        comparisons.append(comparison)
    assert len(inventory.objects()) == 3 * chains * stacks
    # Converged: with the faults gone, no stack has anything left to do.
    previews = [
        stack.start("preview", "--expect-no-changes", log=tmp_path / f"preview-{i}.log")
        for i, stack in enumerate(made)
    ]
    for i, preview in enumerate(previews):
        done = preview.wait()
        assert done.returncode == 0, f"stack {i} still has changes:\n{done.output[-4000:]}"

    # Both kinds of answer this scenario is about really happened.
    assert injected["429"] > 0 and sum(injected.values()) > injected["429"], injected
    assert len(entries) == total_requests, "the request log kept every request"
    retries = sum(1 for entry in entries if entry["status"] in RETRIED_STATUSES)
    faulted = sum(n for kind, n in injected.items() if kind != "latency")
    assert retries >= faulted, (retries, injected)
    growth_mib = (after["VmHWM"] - before["VmRSS"]) / 1024
    assert growth_mib < MEMORY_GROWTH_LIMIT_MIB, (before, after)

    scenario = f"many stacks: {stacks} x {chains} chains at once at {FAULT_RATE:.0%} faults"
    resources = 3 * chains * stacks
    record("runs", stacks, scenario=scenario, converged=stacks)
    record("faults_injected", sum(injected.values()), scenario=scenario, by_kind=injected)
    record("duplicates", sum(len(c.duplicates) for c in comparisons), scenario=scenario)
    record("orphans", sum(len(c.orphans) for c in comparisons), scenario=scenario)
    record("lost_writes", sum(len(c.missing) for c in comparisons), scenario=scenario)
    record(
        "concurrent_stacks",
        stacks,
        scenario=scenario,
        resources=resources,
        faults=sum(injected.values()),
        faults_by_kind=injected,
        retries=retries,
        requests=total_requests,
        duplicates=sum(len(c.duplicates) for c in comparisons),
        orphans=sum(len(c.orphans) for c in comparisons),
        wall_seconds=round(wall_seconds, 1),
        memory_before_kib=before["VmRSS"],
        memory_peak_kib=after["VmHWM"],
        memory_after_kib=after["VmRSS"],
    )
