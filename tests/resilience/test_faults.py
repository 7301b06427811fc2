"""`pulumi up` and `pulumi destroy` of 30 resources under 20% faults.

Every endpoint and method gets a fault on one request in five: 429 with Retry-After,
500/502/503, 200 ms of added latency, the connection dropped before the handler runs, and
the connection dropped after the handler committed its write (the case that duplicates
objects unless a create is looked up before it is repeated). Each command must succeed in
one run, and after each the server must hold exactly what the state says.

Bounded: create 10 chains, replace all of them (a registered artifact's new image means a
new artifact, hence a new workload and deployment: 30 creates and 30 deletes), destroy.
Long (RESILIENCE_LONG=1): 20 chains, plus stopping and starting every workload in place.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.resilience.cli import CliStack
from tests.resilience.conftest import ServerFactory
from tests.resilience.controls import ALL_FAULTS, Controls, add_counts
from tests.resilience.figures import long_variant, record
from tests.resilience.inventory import Comparison, Inventory

pytestmark = pytest.mark.e2e
FAULT_RATE = 0.2
PREFIX = "flt"


def test_up_and_destroy_under_faults_on_every_endpoint(
    start_server: ServerFactory, make_cli_stack: Callable[..., CliStack], token: str
) -> None:
    chains = 20 if long_variant() else 10
    server = start_server(step_seconds=0)
    controls = Controls(server.root_url, server.base_url, token)
    inventory = Inventory(server.base_url, token)
    stack = make_cli_stack(server, chains=chains, prefix=PREFIX)

    steps: list[dict[str, str]] = [{}, {"image_tag": "2"}]
    if long_variant():
        steps += [{"desired_status": "stopped"}, {"desired_status": "running"}]
    injected: dict[str, int] = {}
    comparisons: list[Comparison] = []
    for seed, config in enumerate(steps, start=20260601):
        controls.everywhere(FAULT_RATE, seed=seed)
        stack.up(config=config)  # one run, no retry by the test: CliFailed otherwise
        injected = add_counts(injected, controls.injected())
        controls.clear_faults()
        state = stack.resources()
        assert len(state) == 3 * chains
        comparison = inventory.compare(state, PREFIX)
        assert not (comparison.orphans or comparison.duplicates or comparison.missing), (
            config,
            comparison.summary(),
        )
        comparisons.append(comparison)
    # Converged: with the faults gone, the program has nothing left to do.
    stack.run("preview", "--expect-no-changes")

    controls.everywhere(FAULT_RATE, seed=20260600)
    stack.destroy()
    injected = add_counts(injected, controls.injected())
    controls.clear_faults()

    assert stack.resources() == []
    left = inventory.objects(PREFIX)
    assert left == [], left
    # Every kind of fault really happened, so each recovery path was exercised.
    assert all(injected[kind] > 0 for kind in ALL_FAULTS), injected

    scenario = f"faults: {len(steps)} up + 1 destroy of {3 * chains} resources at {FAULT_RATE:.0%}"
    runs = len(steps) + 1
    record("runs", runs, scenario=scenario, converged=runs)
    record("faults_injected", sum(injected.values()), scenario=scenario, by_kind=injected)
    record("duplicates", sum(len(c.duplicates) for c in comparisons), scenario=scenario)
    record("orphans", sum(len(c.orphans) for c in comparisons) + len(left), scenario=scenario)
    record("lost_writes", sum(len(c.missing) for c in comparisons), scenario=scenario)
