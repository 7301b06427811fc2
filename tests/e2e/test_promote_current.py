"""`datarobot-workloads promote` in the current dialect of the API, end to end: the team's
own program (`promote_project`, no outputs), two stacks configured for the current
dialect, the real engine, and a server that runs each app as a process.

There is no deployment in that dialect: prod's workload serves at its own invoke URL, and
a promotion, like its rollback, rolls that workload over to another version in place. So
prod's invoke URL is the same before a promotion, after it and after a rollback, and a
client calling it without pause meanwhile sees no failed request (the counts are
printed, with -s). The state and the API say the same: one workload ID throughout, its
artifact changed, then back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from datarobot_workloads_provider.promote.output import KEYS

from tests.e2e.current_support import Traffic
from tests.e2e.promote_support import IMAGE, VERIFY_TIMEOUT, World
from tests.support.engine import require_engine

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from workload_api_server.launcher import running_server

    require_engine()
    folder = tmp_path_factory.mktemp("promote-current")
    # A rollout "minute" of one second: warm-up and keep-old times stay short.
    with running_server(
        folder / "server",
        runtime="process",
        test_controls=True,
        extra_args=["--rollout-minute-seconds", "1"],
    ) as server:
        yield World(folder / "runner", server.base_url, server.root_url, dialect="current")


def documented(document: dict[str, Any], result: str) -> dict[str, Any]:
    """Every documented key, whatever the outcome; the dialect the target speaks."""
    assert list(document) == list(KEYS), sorted(set(document) ^ set(KEYS))
    assert document["result"] == result, document
    assert document["dialect"] == "current"
    return document


def workload(world: World, workload_id: str) -> dict[str, Any]:
    """The workload as the current dialect's API answers it."""
    response = world.server.api("GET", f"workloads/{workload_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def report(step: str, traffic: Traffic, url: str, before: str) -> None:
    """The figures of a rolling replacement under traffic (shown with -s)."""
    print(
        f"\n[promote, current dialect] {step}: {traffic.sent} requests sent to prod's invoke "
        f"URL, {traffic.failed} failed ({dict(traffic.codes)}; answered by "
        f"{dict(traffic.greetings)}); invoke URL before {before}, after {url}",
        flush=True,
    )


def test_promotion_and_rollback_roll_prod_over_in_place(world: World) -> None:
    # Prod's first promotion makes its workload: no deployment, its own invoke URL.
    v1 = world.dev_runs("1.0.0")
    done = world.promote("--yes", "--json")
    assert done.returncode == 0, done.output
    assert documented(done.document, "promoted")["previousVersion"] is None
    first = world.prod_runs()
    url, workload_id = first["invokeUrl"], first["workloadId"]
    assert first["deploymentId"] is None and first["artifactId"] == v1["artifactId"]
    assert url == f"{world.base_url}/endpoints/workloads/{workload_id}/"
    assert world.serves(url) == f"{IMAGE}:1.0.0"

    # v2: an update in place of prod's workload, under traffic; the URL stays.
    v2 = world.dev_runs("1.1.0")
    # A gate on deployment stats cannot be judged here: refused, naming it, before a write.
    world.prod.set("promotion:maxServerErrors", "0")
    refused = world.promote("--dry-run", "--json")
    world.prod.unset("promotion:maxServerErrors")
    assert refused.returncode == 1, refused.output
    detail = documented(refused.document, "refused")["detail"]
    assert "gate promotion:maxServerErrors: dev speaks the current dialect" in detail

    with Traffic(url, field="imageUri") as traffic:
        done = world.promote("--yes", "--json")
    after = world.prod_runs()
    report("promotion v1 -> v2", traffic, after["invokeUrl"], url)
    assert done.returncode == 0, done.output
    promoted = documented(done.document, "promoted")
    assert promoted["previousVersion"] == v1["artifactVersion"]
    assert promoted["version"] == v2["artifactVersion"]
    # An update, not a replace (a dynamic resource's update names no changed keys).
    assert [(c["kind"], c["op"]) for c in promoted["plan"]] == [("Workload", "update")]
    assert after["invokeUrl"] == url and after["workloadId"] == workload_id
    assert after["artifactId"] == v2["artifactId"] != v1["artifactId"]
    served = workload(world, workload_id)
    assert (served["artifactId"], served["status"], served["endpoint"]) == (
        v2["artifactId"],
        "running",
        url,
    )
    assert world.serves(url) == f"{IMAGE}:1.1.0"
    assert traffic.sent > 0 and traffic.failed == 0, traffic.codes
    assert set(traffic.greetings) == {f"{IMAGE}:1.0.0", f"{IMAGE}:1.1.0"}, "switched under it"

    # v3 is healthy in dev (its one instance holds the lock it needs), not in prod: the
    # verification fails and promote rolls prod back to v2, in place again.
    v3 = world.dev_runs("1.2.0", "singleton")
    with Traffic(url, field="imageUri") as traffic:
        done = world.promote("--yes", "--json")
    back = world.prod_runs()
    report("promotion v2 -> v3, rolled back to v2", traffic, back["invokeUrl"], url)
    assert done.returncode == 3, done.output
    rolled = documented(done.document, "rolled back")
    assert rolled["detail"].startswith(
        f"prod runs fraud-scorer version {v2['artifactVersion']} again; fraud-scorer version "
        f"{v3['artifactVersion']} failed there: promotion:healthPath: "
    ), rolled["detail"]
    assert f"(for {VERIFY_TIMEOUT} s)" in rolled["detail"]
    assert rolled["rollback"]["failure"] is None
    assert back["invokeUrl"] == url and back["workloadId"] == workload_id
    assert back["artifactId"] == v2["artifactId"]
    assert world.prod_config("artifactVersion") == str(v2["artifactVersion"])
    served = workload(world, workload_id)
    assert (served["artifactId"], served["status"], served["endpoint"]) == (
        v2["artifactId"],
        "running",
        url,
    )
    assert world.serves(url) == f"{IMAGE}:1.1.0"
    assert traffic.sent > 0 and traffic.failed == 0, traffic.codes
    assert f"{IMAGE}:1.2.0" in traffic.greetings, "v3 served prod before the rollback"
    assert world.prod_state().get("pending_operations") in (None, [])
