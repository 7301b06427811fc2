"""`datarobot-workloads promote` for a team: stacks in a shared backend, promoted from CI
runners on several machines.

The backend is Pulumi's PostgreSQL DIY backend (`pulumi login postgres://...`) on a real
PostgreSQL server this module starts (`tests.support.postgres`). Two working copies of
one project stand for two runners: separate folders, `PULUMI_HOME`s and API tokens (the
server's request log tells their writes apart), the same backend and API. They prove:

- a first promotion that fails in prod (which ran nothing) removes only what it added;
- two promotes of the same target started at the same moment: exactly one promotes; the
  other stops before any API write, naming the lock and what to do; one promotion in the
  history; nothing duplicated or orphaned in the API;
- a runner killed mid-`up` on another machine leaves a lock naming that machine: the
  next promote explains the stale lock and the command that clears it, and after that
  command it completes and resolves what the killed run left.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from datarobot_workloads_provider.promote.output import KEYS

from tests.e2e.promote_support import IMAGE, Done, World, wait_for
from tests.support.engine import require_engine
from tests.support.postgres import Postgres, running_postgres
from tests.support.server import TOKEN

pytestmark = pytest.mark.e2e

RUNNER_A = "runner-a-token"
RUNNER_B = "runner-b-token"


@dataclass
class Team:
    postgres: Postgres
    a: World
    b: World


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    from workload_api_server.launcher import running_server

    require_engine()
    folder = tmp_path_factory.mktemp("team")
    tokens = [f"{token}:local:editor" for token in (TOKEN, RUNNER_A, RUNNER_B)]
    with (
        running_postgres() as postgres,
        running_server(
            folder / "server", runtime="process", test_controls=True, tokens=tokens
        ) as server,
    ):
        a = World(
            folder / "runner-a",
            server.base_url,
            server.root_url,
            backend_url=postgres.backend_url,
            token=RUNNER_A,
        )
        yield Team(postgres, a, a.working_copy(folder / "runner-b", RUNNER_B))


def documented(document: dict[str, Any], result: str) -> dict[str, Any]:
    """The --json document has every documented key, whatever the outcome."""
    assert list(document) == list(KEYS), sorted(set(document) ^ set(KEYS))
    assert document["result"] == result, document
    return document


def promoted_records(world: World) -> int:
    history = world.promote("--history", "--json").document["history"] or []
    return sum(1 for r in history if r["result"] == "promoted")


def test_a_first_promotion_failing_in_prod_removes_only_what_it_added(team: Team) -> None:
    world = team.a
    v0 = world.dev_runs("0.9.0", "singleton")
    done = world.promote("--yes", "--json")
    assert done.returncode == 3, done.output
    document = documented(done.document, "rolled back")
    assert document["previousVersion"] is None
    assert document["detail"].startswith("prod runs nothing of this package again; ")
    assert document["verification"]["failure"].startswith("promotion:healthPath: GET ")
    assert document["rollback"] == {"passed": ["removed 2 resource(s)"], "failure": None}
    assert document["record"]["result"] == "rolled back"
    assert world.prod_runs() == {}
    assert world.prod_config("artifactVersion") == "1"
    assert [w["id"] for w in world.workloads() if w["artifactId"] == v0["artifactId"]] == [
        v0["workloadId"]
    ]


def test_two_runners_promoting_at_once_one_promotes_and_the_other_stops_before_a_write(
    team: Team,
) -> None:
    a, b = team.a, team.b
    v1 = a.dev_runs("1.0.0")
    a.server.clear_requests()
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda world: world.promote("--yes", "--json"), (a, b)))
    by_runner: dict[str, tuple[World, str, Done]] = {
        "a": (a, RUNNER_A, runs[0]),
        "b": (b, RUNNER_B, runs[1]),
    }
    for name, (_, token, done) in by_runner.items():
        print(
            f"\n--- runner {name}: exit {done.returncode}, {a.server.writes(token)} API "
            f"write(s) ---\n{done.document['result']}: {done.document['detail']}"
        )
    winners = [name for name, (_, _, done) in by_runner.items() if done.returncode == 0]
    assert len(winners) == 1, [done.output for _, _, done in by_runner.values()]
    (winner,) = winners
    loser = "b" if winner == "a" else "a"
    won_world, won_token, won = by_runner[winner]
    lost_world, lost_token, lost = by_runner[loser]
    assert won.document["result"] == "promoted"
    assert lost.returncode == 6, lost.output
    assert lost.document["result"] == "locked"
    assert "another run holds prod's state" in lost.document["detail"]
    assert "Nothing was changed by this run" in lost.document["detail"] or (
        "nothing was changed by this run" in lost.document["detail"]
    )
    assert a.server.writes(lost_token) == 0, "the loser wrote to the API"
    assert a.server.writes(won_token) > 0

    # One promotion in the history (each runner's copy of prod's config holds its own
    # record: the winner's `promoted`, the loser's `locked`).
    assert promoted_records(won_world) + promoted_records(lost_world) == 1
    assert lost_world.promote("--history", "--json").document["history"][-1]["result"] == ("locked")
    # Nothing duplicated or orphaned: v1 runs in dev's workload and prod's, one each, and
    # each has one deployment.
    runs_v1 = [w["id"] for w in a.workloads() if w["artifactId"] == v1["artifactId"]]
    prod = a.prod_runs()
    assert sorted(runs_v1) == sorted([v1["workloadId"], prod["workloadId"]])
    fronting = [d["workloadId"] for d in a.deployments() if d["workloadId"] in runs_v1]
    assert sorted(fronting) == sorted(runs_v1)
    assert a.serves(prod["invokeUrl"]) == f"{IMAGE}:1.0.0"


def test_a_runner_killed_on_another_machine_leaves_a_lock_the_next_promote_explains(
    team: Team, tmp_path: Path
) -> None:
    a, b = team.a, team.b
    target = a.dev_runs("2.0.0", "slow")
    killed = a.start_promote("--yes", log=tmp_path / "killed.log")

    def prod_creates_it() -> bool:
        return any(
            w["artifactId"] == target["artifactId"] and w["id"] != target["workloadId"]
            for w in a.workloads()
        )

    wait_for(prod_creates_it, 120, "prod's workload of the new version to be created")
    a.kill_job(killed)
    # The killed runner was another machine: its lock names that host.
    (key,) = team.postgres.locks()
    team.postgres.rewrite_lock(key, hostname="ci-runner-7", pid=4242)

    a.server.clear_requests()
    done = b.promote("--yes", "--json")
    print(f"\n--- the promote after the killed runner (exit {done.returncode}) ---\n{done.output}")
    assert done.returncode == 6, done.output
    detail = done.document["detail"]
    assert done.document["result"] == "locked"
    assert detail.startswith("another run holds prod's state: postgres://****:****@")
    assert key in detail and "taken by root@ci-runner-7, pid 4242 on host ci-runner-7" in detail
    assert "its lock is stale: clear it with `pulumi cancel --yes --stack prod`" in detail
    assert "pending operation(s) of an interrupted `up`" in " ".join(done.document["notes"])
    assert a.server.writes() == 0

    cancelled = subprocess.run(
        ["pulumi", "cancel", "--yes", "--stack", "prod"],
        cwd=b.project,
        env=b.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert cancelled.returncode == 0, cancelled.stderr
    assert team.postgres.locks() == {}

    done = b.promote("--yes", "--json")
    assert done.returncode == 0, done.output
    assert done.document["result"] == "promoted"
    assert "resolved: " in done.stderr
    assert b.prod_state().get("pending_operations") in (None, [])
    runs = b.prod_runs()
    assert b.serves(runs["invokeUrl"]) == f"{IMAGE}:2.0.0"
    runs_it = [w["id"] for w in b.workloads() if w["artifactId"] == target["artifactId"]]
    assert sorted(runs_it) == sorted([target["workloadId"], runs["workloadId"]])
