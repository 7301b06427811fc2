"""The server is SIGKILLed in the middle of `pulumi up`.

The server dies while workloads are being created (lifecycle steps of 1 s, so creates are
mid-wait, and deployments not yet made), comes back on the same data directory and port,
and then:
- nothing it acknowledged is lost: every object a client could see just before the kill,
  and every object the first run's state recorded, is still there;
- a second `pulumi up` converges: exactly the program's objects, none twice, none orphaned.

Bounded: 5 chains, down for 20 s: longer than the client's ordinary retries (at most
about 16 s of backoff), so the first `up` survives only because the client keeps retrying
an endpoint that answered before (transport.py; without that, it failed and left running
workloads that the second `up` duplicated). Long (RESILIENCE_LONG=1): 10 chains, 60 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.resilience.cli import CliStack
from tests.resilience.conftest import ServerFactory
from tests.resilience.figures import long_variant, record
from tests.resilience.inventory import Inventory, ServerObject

pytestmark = pytest.mark.e2e
PREFIX = "crash"


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_server_killed_mid_up_loses_and_duplicates_nothing(
    start_server: ServerFactory,
    make_cli_stack: Callable[..., CliStack],
    token: str,
    tmp_path: Path,
) -> None:
    chains, downtime = (10, 60.0) if long_variant() else (5, 20.0)
    server = start_server(step_seconds=1)
    inventory = Inventory(server.base_url, token)
    stack = make_cli_stack(server, chains=chains, prefix=PREFIX)

    first = stack.start("up", "--yes", "--skip-preview", log=tmp_path / "first-up.log")
    acknowledged: list[ServerObject] = []

    def workloads_mid_create() -> bool:
        acknowledged[:] = inventory.objects(PREFIX)
        return sum(o.kind == "Workload" for o in acknowledged) >= 2

    wait_for(workloads_mid_create, 120, "workloads to be created")
    server.kill()  # SIGKILL: no shutdown, no flush beyond what was committed
    statuses = sorted({o.status or "" for o in acknowledged if o.kind == "Workload"})
    time.sleep(downtime)
    server.restart()
    # The server itself kept every write it acknowledged...
    lost = [o for o in acknowledged if not inventory.exists(o.kind, o.id)]
    first_run = first.wait()
    # ... and so did the whole system: what the state recorded exists, and what was
    # acknowledged before the kill is still there after the first run.
    recorded = stack.resources()
    lost += [o for o in acknowledged if o not in lost and not inventory.exists(o.kind, o.id)]
    lost_ids = [str(r["id"]) for r in recorded if not inventory_has(inventory, r)]
    assert lost == [] and lost_ids == [], (lost, lost_ids)

    # The outage is shorter than the client's outage budget, so the first run rode it out.
    assert first_run.returncode == 0, first_run.output[-4000:]
    stack.up()
    state = stack.resources()
    assert len(state) == 3 * chains
    comparison = inventory.compare(state, PREFIX)
    assert not (comparison.orphans or comparison.duplicates or comparison.missing), (
        comparison.summary()
    )

    scenario = (
        f"server SIGKILL mid-up ({3 * chains} resources, down {downtime:g}s, "
        f"first up exit {first_run.returncode})"
    )
    record("runs", 2, scenario=scenario, converged=int(first_run.returncode == 0) + 1)
    record(
        "lost_writes",
        len(lost) + len(lost_ids),
        scenario=scenario,
        acknowledged=len(acknowledged),
        workload_statuses_at_kill=statuses,
    )
    record("duplicates", len(comparison.duplicates), scenario=scenario)
    record("orphans", len(comparison.orphans), scenario=scenario)


def inventory_has(inventory: Inventory, resource: dict[str, object]) -> bool:
    kind = str(resource["type"]).rsplit(":", 1)[-1]
    return inventory.exists(kind, str(resource["id"]))
