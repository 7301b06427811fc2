"""`datarobot-workloads promote`, end to end: the example's dev and prod stacks, the real
engine, and a local server that runs each workload's app as a process.

The cases share one server and one copy of the project (`promote_support.World`); each
first makes dev run the version it needs. They prove what the command promises: a
promotion changes prod only after gates and a preview, and only to a version prod then
really serves; a version that fails in prod is rolled back by itself, leaving config and
state on the previous version; refusals and dry runs write nothing; and a promotion
killed half way is reported and resolved by the next one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.promote_support import IMAGE, VERIFY_TIMEOUT, World, engine_plugins, wait_for
from tests.support.engine import require_engine

if TYPE_CHECKING:
    from tests.e2e.promote_support import Done

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from workload_api_server.launcher import running_server

    require_engine()
    folder = tmp_path_factory.mktemp("promote")
    with running_server(folder / "server", runtime="process", test_controls=True) as server:
        yield World(folder, server.base_url, server.root_url)


def refused(done: Done, *fragments: str) -> None:
    """Exit 1 with a message holding every fragment."""
    assert done.returncode == 1, done.output
    document = done.document
    assert document["result"] == "refused", document
    for fragment in fragments:
        assert fragment in document["detail"], document["detail"]


def test_promote_v1_then_v2_and_a_v3_failing_in_prod_is_rolled_back(world: World) -> None:
    # v1: prod runs it, and serves it.
    v1 = world.dev_runs("1.0.0")
    done = world.promote("--yes", "--json")
    assert done.returncode == 0, done.output
    first = done.document
    assert (first["result"], first["version"], first["artifactId"]) == (
        "promoted",
        v1["artifactVersion"],
        v1["artifactId"],
    )
    assert all(gate["passed"] for gate in first["gates"]) and len(first["gates"]) == 2
    assert "prod: Workload model: create" in done.stderr, "progress lines of the `up`"
    outputs = world.prod_outputs()
    assert world.serves(outputs["invokeUrl"]) == f"{IMAGE}:1.0.0"

    # v2: the preview names what changes, and how; then prod serves v2.
    v2 = world.dev_runs("1.1.0")
    done = world.promote("--yes", "--json", "--version", str(v2["artifactVersion"]))
    assert done.returncode == 0, done.output
    plan = {(c["kind"], c["op"]): c["diffs"] for c in done.document["plan"]}
    assert plan == {
        ("Workload", "replace"): ["artifact_id"],
        ("Deployment", "replace"): ["workload_id"],
    }
    v2_outputs = world.prod_outputs()
    assert world.serves(v2_outputs["invokeUrl"]) == f"{IMAGE}:1.1.0"
    assert world.prod_config("artifactVersion") == str(v2["artifactVersion"])

    # v3 is healthy in dev (its one instance holds the lock it needs) but not in prod:
    # verification fails, and promote returns prod to v2 by itself.
    v3 = world.dev_runs("1.2.0", "singleton")
    done = world.promote("--yes", "--json")
    assert done.returncode == 3, done.output
    document = done.document
    assert document["result"] == "rolled back"
    assert "promotion:healthPath" in document["detail"]
    assert "answered 503" in document["detail"] and "another instance holds" in document["detail"]
    assert f"(for {VERIFY_TIMEOUT} s)" in document["detail"]
    assert document["rollback"]["failure"] is None
    back = world.prod_outputs()
    assert world.serves(back["invokeUrl"]) == f"{IMAGE}:1.1.0"
    assert world.prod_config("artifactVersion") == str(v2["artifactVersion"])
    assert back["artifactVersion"] == v2["artifactVersion"]
    assert world.prod_state_artifact() == v2["artifactId"]
    assert world.prod_state().get("pending_operations") in (None, [])
    # Nothing of v3 is left running for prod: only dev's workload runs it.
    assert [w["id"] for w in world.workloads() if w["artifactId"] == v3["artifactId"]] == [
        v3["workloadId"]
    ]

    # The history travels in prod's config file and lists all three, newest last.
    history = world.promote("--history", "--json")
    assert history.returncode == 0, history.output
    records = history.document["history"][-3:]
    assert [(r["version"], r["result"]) for r in records] == [
        (v1["artifactVersion"], "promoted"),
        (v2["artifactVersion"], "promoted"),
        (v3["artifactVersion"], "rolled back"),
    ]
    assert records[2]["previousVersion"] == v2["artifactVersion"]
    assert "promotion:history" in world.prod_file().decode()


def test_gates_refuse_a_young_an_unhealthy_and_a_draft_version_without_a_write(
    world: World,
) -> None:
    world.dev_runs("2.0.0")
    before = world.prod_file()

    world.prod.set("promotion:minAgeSeconds", "3600")
    before = world.prod_file()
    world.server.clear_requests()
    done = world.promote("--yes", "--json")
    refused(done, "gate promotion:minAgeSeconds", "the gate asks for 3600 s", "s too young")
    assert world.server.writes() == 0
    assert world.prod_file() == before
    world.prod.set("promotion:minAgeSeconds", "0")

    # Unhealthy in dev: the health gate refuses. That refused check was a 5xx through
    # dev's deployment, so the next attempt also fails the server-error gate, by one.
    world.dev_runs("2.1.0", "unhealthy")
    before = world.prod_file()
    world.server.clear_requests()
    done = world.promote("--yes", "--json")
    refused(done, "gate promotion:healthPath", "answered 503 (", "the model failed to load")
    assert "promotion:maxServerErrors" not in done.document["detail"]
    done = world.promote("--yes", "--json")
    refused(done, "gate promotion:maxServerErrors", "the gate allows 0: 1 too many")
    assert world.server.writes() == 0
    assert world.prod_file() == before

    # A draft is no version: refused before any gate.
    world.dev.set("status", "draft")
    world.dev.set("image", f"{IMAGE}:2.2.0-rc.1")
    world.dev.up()
    world.server.clear_requests()
    done = world.promote("--yes", "--json")
    refused(done, "dev runs a draft of churn-model", "register it in dev")
    assert world.server.writes() == 0
    assert world.prod_file() == before


def test_dry_run_checks_gates_and_previews_without_a_write(world: World) -> None:
    world.dev_runs("3.0.0")
    world.prod.stack.workspace.select_stack("prod")
    before_file, before_state = world.prod_file(), world.prod_state()
    world.server.clear_requests()
    done = world.promote("--dry-run", "--json")
    assert done.returncode == 0, done.output
    document = done.document
    assert document["result"] == "dry run"
    assert all(gate["passed"] for gate in document["gates"])
    assert {c["kind"] for c in document["plan"]} == {"Workload", "Deployment"}
    assert world.server.writes() == 0, world.server.request_counts()
    assert world.prod_file() == before_file
    assert world.prod_state() == before_state
    assert world.selected() == "prod", "promote changed the user's selected stack"

    # Clear errors, before anything is read from the API: an unknown stack, and a target
    # that builds its own artifact instead of consuming a registered version.
    unknown = world.run("promote", "--from", "dev", "--to", "staging", "--json")
    assert unknown.returncode == 2, unknown.output
    assert unknown.document["detail"] == (
        f"no stack 'staging' in the project in {world.project} (its stacks: dev, prod)"
    )
    backwards = world.run("promote", "--from", "prod", "--to", "dev", "--json")
    assert backwards.returncode == 2, backwards.output
    assert "stack dev does not consume a registered version" in backwards.document["detail"]
    assert world.server.writes() == 0


def test_an_interrupted_promotion_is_reported_and_resolved_by_the_next(
    world: World, tmp_path: Path
) -> None:
    target = world.dev_runs("4.0.0", "slow")
    killed = world.start_promote("--yes", log=tmp_path / "killed.log")

    def prod_creates_it() -> bool:
        return any(
            w["artifactId"] == target["artifactId"] and w["id"] != target["workloadId"]
            for w in world.workloads()
        )

    wait_for(prod_creates_it, 120, "prod's workload of the new version to be created")
    world.kill_job(killed)
    assert world.prod_state().get("pending_operations"), "the kill left nothing pending"
    assert engine_plugins(world.project) == [], "the killed engine's plugins still run"

    # Reported, not touched, by a dry run.
    world.server.clear_requests()
    looked = world.promote("--dry-run", "--json")
    assert looked.returncode == 0, looked.output
    notes = " ".join(looked.document["notes"])
    assert "pending operation(s) of an interrupted `up`" in notes
    assert "the last promotion never finished" in notes
    assert world.server.writes() == 0
    assert world.prod_state().get("pending_operations")

    # Resolved by the next promotion, which then completes.
    done = world.promote("--yes", "--json")
    assert done.returncode == 0, done.output
    assert done.document["result"] == "promoted"
    assert "resolved: " in done.stderr
    assert world.prod_state().get("pending_operations") in (None, [])
    outputs = world.prod_outputs()
    assert world.serves(outputs["invokeUrl"]) == f"{IMAGE}:4.0.0"
    # Exactly one prod workload runs it: the interrupted one was adopted or deleted.
    runs_it = [w["id"] for w in world.workloads() if w["artifactId"] == target["artifactId"]]
    assert sorted(runs_it) == sorted([target["workloadId"], outputs["workloadId"]])
    history = json.loads(world.promote("--history", "--json").stdout)["history"]
    assert [r["result"] for r in history[-2:]] == ["interrupted", "promoted"]
