"""`pulumi up` interrupted (SIGINT) while workloads are being created.

Two ways a user interrupts, two documented recoveries (README, troubleshooting):
- one Ctrl-C: Pulumi cancels gracefully, finishing the creates in flight, so the state is
  exact; `pulumi refresh` then `pulumi up` completes the stack;
- Ctrl-C twice: the engine stops at once and the creates in flight stay "pending" with no
  ID while their objects exist on the server; adopting them into the state with
  `datarobot-workloads adopt-pending` (recovery.py), then `pulumi refresh` and `pulumi up`,
  completes the stack.
Either way the server ends with exactly the program's objects: 0 orphans, 0 duplicates.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.resilience.cli import CliStack
from tests.resilience.conftest import ServerFactory
from tests.resilience.figures import long_variant, record
from tests.resilience.inventory import Inventory
from tests.resilience.recovery import adopt_pending_creates, datarobot_workloads
from tests.resilience.test_server_crash import wait_for

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("ctrl_c", [1, 2], ids=["ctrl-c-once", "ctrl-c-twice"])
def test_interrupted_up_converges_after_the_documented_recovery(
    ctrl_c: int,
    start_server: ServerFactory,
    make_cli_stack: Callable[..., CliStack],
    token: str,
    tmp_path: Path,
) -> None:
    chains = 8 if long_variant() else 4
    prefix = f"intr{ctrl_c}"
    # 2 s lifecycle steps: a workload create waits about 4 s, so the signal lands mid-wait.
    server = start_server(step_seconds=2)
    inventory = Inventory(server.base_url, token)
    stack = make_cli_stack(server, chains=chains, prefix=prefix)

    up = stack.start("up", "--yes", "--skip-preview", log=tmp_path / "up.log")
    wait_for(
        lambda: sum(o.kind == "Workload" for o in inventory.objects(prefix)) >= 2,
        120,
        "workloads to be created",
    )
    for _ in range(ctrl_c):
        up.interrupt()
        time.sleep(0.5)
    interrupted = up.wait()
    assert interrupted.returncode != 0, "the run finished before the interrupt: proved nothing"
    pending = stack.pending()
    in_flight = [o for o in inventory.objects(prefix) if o.kind == "Workload"]

    adopted = 0
    if ctrl_c == 1:
        # Graceful: creates in flight completed and were recorded; nothing is pending.
        assert pending == [], pending
    else:
        assert pending, "a hard interrupt mid-create leaves pending creates; none were left"
        recovery = adopt_pending_creates(stack)
        adopted = len(recovery.adopted)
    stack.refresh()
    stack.up()

    state = stack.resources()
    assert stack.pending() == []
    assert len(state) == 3 * chains
    comparison = inventory.compare(state, prefix)
    assert not (comparison.orphans or comparison.duplicates or comparison.missing), (
        comparison.summary()
    )
    # Objects that existed when the run was interrupted were kept, not recreated.
    in_state = {str(r["id"]) for r in state}
    assert all(o.id in in_state for o in in_flight)

    scenario = (
        f"SIGINT x{ctrl_c} mid-up ({3 * chains} resources): {len(pending)} pending creates, "
        f"{adopted} adopted, then refresh + up"
    )
    record("runs", 1, scenario=scenario, converged=1)
    record("duplicates", len(comparison.duplicates), scenario=scenario)
    record("orphans", len(comparison.orphans), scenario=scenario)


def test_adopt_pending_on_a_stack_with_nothing_pending_changes_nothing(
    start_server: ServerFactory, make_cli_stack: Callable[..., CliStack]
) -> None:
    stack = make_cli_stack(start_server(), chains=1, prefix="calm")
    before = stack.export()
    done = datarobot_workloads(stack, "adopt-pending")
    assert done.returncode == 0, done.stderr
    assert "nothing to do" in done.stdout
    assert stack.export() == before
    # Without any way to reach the API it says what is missing, and fails.
    stack.unset("datarobot:apikey")
    failed = datarobot_workloads(stack, "adopt-pending")
    assert failed.returncode == 2
    assert "no API token" in failed.stderr
