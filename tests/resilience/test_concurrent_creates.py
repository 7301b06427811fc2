"""Two hundred workload creates at once, through the provider's own create path, against
the local server while it drops answers and fails requests on the workload endpoints.

What an `up` of two hundred chains does in the provider host, without the engine around
it: each create posts, recovers a lost answer by looking before posting again, then
waits for `running` with the waits of all the others (one shared poll). Every create must
end with its own workload running, and the server must hold exactly those: no duplicate
from a retried POST, no orphan from a create that gave up.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from datarobot_workloads_provider.client import ApiSettings
from datarobot_workloads_provider.lifecycle.artifact import ArtifactLifecycle
from datarobot_workloads_provider.lifecycle.core import Created
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle

from tests.e2e.programs import spec
from tests.resilience.conftest import ServerFactory
from tests.resilience.controls import Controls
from tests.resilience.figures import record
from tests.resilience.inventory import Inventory

CREATES = 200
PREFIX = "burst-"
# Lost answers on the creates, errors and dropped connections on the creates and polls.
KINDS = ["drop_after", "drop_before", "502", "429"]
FAULT_RATE = 0.08
SEED = 22


def test_two_hundred_concurrent_creates_converge_without_duplicates_or_orphans(
    start_server: ServerFactory, token: str
) -> None:
    server = start_server(step_seconds=0.25)
    controls = Controls(server.root_url, server.base_url, token)
    settings = ApiSettings(endpoint=server.base_url, token=token)
    artifacts = ArtifactLifecycle(settings)
    artifact = artifacts.create(artifacts.check({}, {"name": "shared", "spec": spec()}).inputs)
    lifecycle = WorkloadLifecycle(settings)

    def create(index: int) -> Created:
        news = {"name": f"{PREFIX}{index:03d}", "artifact_id": artifact.id}
        checked = lifecycle.check({}, news)
        assert not checked.failures, checked.failures
        return lifecycle.create(checked.inputs)

    controls.clear_requests()
    controls.set_faults(
        rate=FAULT_RATE,
        kinds=KINDS,
        methods=["GET", "POST"],
        pathContains="console/workloads",
        retryAfter=0,
        seed=SEED,
    )
    started = time.monotonic()
    with ThreadPoolExecutor(CREATES) as pool:
        created = list(pool.map(create, range(CREATES)))
    wall_seconds = time.monotonic() - started
    injected = controls.injected()
    counts = controls.request_counts()
    controls.clear_faults()

    assert all(c.state["status"] == "running" for c in created)
    assert len({c.id for c in created}) == CREATES
    comparison = Inventory(server.base_url, token).compare([{"id": c.id} for c in created], PREFIX)
    assert not (comparison.orphans or comparison.duplicates or comparison.missing), (
        comparison.summary()
    )
    # The faults happened, lost answers among them, so the recovery was exercised.
    assert injected["drop_after"] > 0 and sum(injected.values()) > injected["drop_after"], injected
    # The waits shared their polls: far fewer reads than one per workload per round.
    polls = sum(n for key, n in counts.items() if key.startswith("GET /api/v2/console/workloads"))
    assert polls < CREATES, counts

    scenario = f"{CREATES} workload creates at once at {FAULT_RATE:.0%} faults"
    record("faults_injected", sum(injected.values()), scenario=scenario, by_kind=injected)
    record("duplicates", len(comparison.duplicates), scenario=scenario)
    record("orphans", len(comparison.orphans), scenario=scenario)
    record("lost_writes", len(comparison.missing), scenario=scenario, acknowledged=CREATES)
    record(
        "concurrent_creates",
        CREATES,
        scenario=scenario,
        faults=sum(injected.values()),
        faults_by_kind=injected,
        duplicates=len(comparison.duplicates),
        orphans=len(comparison.orphans),
        status_reads=polls,
        wall_seconds=round(wall_seconds, 1),
    )
