"""`datarobot-workloads promote`, end to end: a team's own program (other names than the
promotion example's, no outputs at all), two stacks, the real engine, and a local server
that runs each workload's app as a process.

The cases share one server and one copy of the project (`promote_support.World`); each
first makes dev run the version it needs. They prove what the command promises: it reads
what each stack runs from its state; a promotion changes prod only after gates and a
preview, and only to a version prod then really serves; a version that fails in prod is
rolled back to the version prod's state ran before, never by destroying prod; refusals
and dry runs write nothing to the API and are recorded; a target whose state cannot tell
what it runs is refused before any write; and a promotion killed half way is reported
and resolved by the next one.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from datarobot_workloads_provider.promote.output import KEYS

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
        yield World(folder / "runner", server.base_url, server.root_url)


def documented(document: dict[str, Any], result: str) -> dict[str, Any]:
    """The --json document has every documented key, whatever the outcome."""
    assert list(document) == list(KEYS), sorted(set(document) ^ set(KEYS))
    assert document["result"] == result, document
    return document


def refused(done: Done, *fragments: str) -> None:
    """Exit 1 with a message holding every fragment."""
    assert done.returncode == 1, done.output
    document = documented(done.document, "refused")
    for fragment in fragments:
        assert fragment in document["detail"], document["detail"]


def test_promote_v1_then_v2_and_a_v3_failing_in_prod_is_rolled_back(world: World) -> None:
    # v1: prod runs nothing; now it runs v1, and serves it.
    v1 = world.dev_runs("1.0.0")
    done = world.promote("--yes", "--json")
    assert done.returncode == 0, done.output
    first = documented(done.document, "promoted")
    assert (first["version"], first["artifactId"], first["previousVersion"]) == (
        v1["artifactVersion"],
        v1["artifactId"],
        None,
    )
    assert first["workload"] == "scorer"
    assert all(gate["passed"] for gate in first["gates"]) and len(first["gates"]) == 2
    assert "prod runs nothing of this package yet" in done.stderr
    assert "prod: Workload scorer: create" in done.stderr, "progress lines of the `up`"
    assert world.serves(world.prod_runs()["invokeUrl"]) == f"{IMAGE}:1.0.0"

    # v2: the state says prod runs v1; the preview names what changes, and how.
    v2 = world.dev_runs("1.1.0", "flagged")
    done = world.promote("--yes", "--json", "--version", str(v2["artifactVersion"]))
    assert done.returncode == 0, done.output
    second = documented(done.document, "promoted")
    assert second["previousVersion"] == v1["artifactVersion"]
    assert f"prod runs fraud-scorer version {v1['artifactVersion']}" in done.stderr
    plan = {(c["kind"], c["op"]): c["diffs"] for c in second["plan"]}
    assert plan == {
        ("Workload", "replace"): ["artifact_id"],
        ("Deployment", "replace"): ["workload_id"],
    }
    assert world.serves(world.prod_runs()["invokeUrl"]) == f"{IMAGE}:1.1.0"
    assert world.prod_config("artifactVersion") == str(v2["artifactVersion"])

    # v3 is healthy in dev (its one instance holds the lock it needs) but not in prod:
    # verification fails, and promote returns prod to what its state ran: v2.
    v3 = world.dev_runs("1.2.0", "singleton")
    done = world.promote("--yes")
    print(f"\n--- the failed promote (exit {done.returncode}) ---\n{done.output}---")
    assert done.returncode == 3, done.output
    final = done.stderr.strip().splitlines()[-1]
    assert final.startswith(
        f"rolled back: prod runs fraud-scorer version {v2['artifactVersion']} again; "
        f"fraud-scorer version {v3['artifactVersion']} failed there: promotion:healthPath: "
    ), final
    assert final.count("rolled back") == 1 and "another instance holds" in final
    assert f"(for {VERIFY_TIMEOUT} s)" in final
    assert "destroy" not in done.output and "nothing" not in final
    assert done.stderr.count("waiting for GET") <= 2, "one line per wait and per change"

    # Prod serves v2 at its invoke URL; its state, config and the API all say v2.
    back = world.prod_runs()
    assert world.serves(back["invokeUrl"]) == f"{IMAGE}:1.1.0"
    assert world.prod_config("artifactVersion") == str(v2["artifactVersion"])
    assert back["artifactId"] == v2["artifactId"]
    assert world.prod_state().get("pending_operations") in (None, [])
    served = world.server.api("GET", f"console/workloads/{back['workloadId']}/").json()
    assert (served["artifactId"], served["status"]) == (v2["artifactId"], "running")
    fronting = world.server.api("GET", f"console/deployments/{back['deploymentId']}/").json()
    assert fronting["workloadId"] == back["workloadId"]
    # Nothing of v3 is left running for prod: only dev's workload runs it.
    assert [w["id"] for w in world.workloads() if w["artifactId"] == v3["artifactId"]] == [
        v3["workloadId"]
    ]

    # The history travels in prod's config file, one line per run, previous versions
    # read from the state.
    history = world.promote("--history", "--json")
    assert history.returncode == 0, history.output
    records = history.document["history"][-3:]
    assert [(r["version"], r["previousVersion"], r["result"]) for r in records] == [
        (v1["artifactVersion"], None, "promoted"),
        (v2["artifactVersion"], v1["artifactVersion"], "promoted"),
        (v3["artifactVersion"], v2["artifactVersion"], "rolled back"),
    ]
    lines = history.stderr.strip().splitlines()
    assert f"(was {v1['artifactVersion']})  promoted" in lines[-2]
    assert all(len(line) < 320 for line in lines)

    # The previous version fails too (its dependency went away): the rollback is a
    # failure, exit 4, and prod still runs v2: a target that ran something is never
    # destroyed.
    world.flag.touch()
    try:
        done = world.promote("--yes", "--json")
        assert done.returncode == 4, done.output
        failed = documented(done.document, "rollback failed")
        assert failed["previousVersion"] == v2["artifactVersion"]
        assert "its dependency is gone" in failed["rollback"]["failure"]
        assert "look at prod now" in failed["detail"]
        after = world.prod_runs()
        assert after["artifactId"] == v2["artifactId"] and after["deploymentId"]
        assert world.prod_config("artifactVersion") == str(v2["artifactVersion"])
    finally:
        world.flag.unlink()


def test_gates_refuse_a_young_an_unhealthy_and_a_draft_version_without_a_write(
    world: World,
) -> None:
    world.dev_runs("2.0.0")
    world.prod.set("promotion:minAgeSeconds", "3600")
    before = world.prod_file_but_history()
    world.server.clear_requests()
    done = world.promote("--yes", "--json")
    refused(done, "gate promotion:minAgeSeconds", "the gate asks for 3600 s", "s too young")
    assert world.server.writes() == 0
    assert world.prod_file_but_history() == before
    assert done.document["record"]["result"] == "refused", "refusals are recorded"
    world.prod.set("promotion:minAgeSeconds", "0")

    # Unhealthy in dev: the health gate refuses. That refused check was a 5xx through
    # dev's deployment, so the next attempt also fails the server-error gate, by one.
    world.dev_runs("2.1.0", "unhealthy")
    before = world.prod_file_but_history()
    world.server.clear_requests()
    done = world.promote("--yes", "--json")
    refused(done, "gate promotion:healthPath", "answered 503 (", "the model failed to load")
    assert "promotion:maxServerErrors" not in done.document["detail"]
    done = world.promote("--yes", "--json")
    refused(done, "gate promotion:maxServerErrors", "the gate allows 0: 1 too many")
    assert world.server.writes() == 0
    assert world.prod_file_but_history() == before

    # A draft is no version: refused before any gate.
    world.dev.set("status", "draft")
    world.dev.set("image", f"{IMAGE}:2.2.0-rc.1")
    world.dev.up()
    world.server.clear_requests()
    done = world.promote("--yes", "--json")
    refused(done, "dev runs a draft of fraud-scorer", "register it in dev")
    assert world.server.writes() == 0
    assert world.prod_file_but_history() == before
    history = world.promote("--history", "--json").document["history"]
    assert [r["result"] for r in history[-4:]] == ["refused"] * 4


def test_dry_run_and_no_confirmation_write_nothing_and_say_so(world: World) -> None:
    world.dev_runs("3.0.0")
    world.prod.stack.workspace.select_stack("prod")
    before_file, before_state = world.prod_file_but_history(), world.prod_state()
    world.server.clear_requests()
    done = world.promote("--dry-run", "--json")
    assert done.returncode == 0, done.output
    document = documented(done.document, "dry run")
    assert all(gate["passed"] for gate in document["gates"])
    assert {c["kind"] for c in document["plan"]} == {"Workload", "Deployment"}
    assert (document["verification"], document["rollback"]) == (None, None)
    assert document["record"]["result"] == "dry run"

    # Without a terminal and without --yes: its own exit status, nothing changed.
    asked = world.promote("--json")
    assert asked.returncode == 5, asked.output
    documented(asked.document, "needs confirmation")
    assert "pass --yes" in asked.document["detail"]
    assert world.server.writes() == 0, world.server.request_counts()
    assert world.prod_file_but_history() == before_file
    assert world.prod_state() == before_state
    assert world.selected() == "prod", "promote changed the user's selected stack"
    history = world.promote("--history", "--json").document["history"]
    assert [r["result"] for r in history[-2:]] == ["dry run", "needs confirmation"]

    # Clear errors, before anything is read from the API: an unknown stack, and a target
    # that builds its own artifact instead of consuming a registered version.
    unknown = world.run("promote", "--from", "dev", "--to", "staging", "--json")
    assert unknown.returncode == 2, unknown.output
    assert documented(unknown.document, "error")["detail"] == (
        f"no stack 'staging' in the project in {world.project} (its stacks: dev, prod)"
    )
    backwards = world.run("promote", "--from", "prod", "--to", "dev", "--json")
    assert backwards.returncode == 2, backwards.output
    assert "stack dev does not consume a registered version" in backwards.document["detail"]
    assert world.server.writes() == 0


def test_a_target_whose_state_cannot_tell_what_it_runs_is_refused_without_a_write(
    world: World,
) -> None:
    world.dev_runs("3.1.0")
    original = world.prod.stack.export_stack()
    state = original.deployment or {}
    workload = next(r for r in state["resources"] if r["type"].endswith(":Workload"))

    def imported(edit: Any) -> None:
        edited = copy.deepcopy(state)
        edit(edited["resources"])
        world.prod.stack.import_stack(type(original)(version=original.version, deployment=edited))

    def another_candidate(resources: list[dict[str, Any]]) -> None:
        shadow = copy.deepcopy(workload)
        shadow["urn"] = workload["urn"].rsplit("::", 1)[0] + "::shadow"
        resources.append(shadow)

    def unknown_artifact(resources: list[dict[str, Any]]) -> None:
        for resource in resources:
            if resource["urn"] == workload["urn"]:
                for section in ("inputs", "outputs"):
                    resource[section]["artifact_id"] = "0" * 24

    try:
        imported(another_candidate)
        world.server.clear_requests()
        done = world.promote("--yes", "--json")
        refused(done, "prod's state holds 2 candidate workloads", "scorer (workload", "shadow")
        assert "pass --workload NAME" in done.document["detail"]
        assert world.server.writes() == 0

        imported(unknown_artifact)
        done = world.promote("--yes", "--json")
        refused(done, "cannot tell what prod runs", "0" * 24)
        assert world.server.writes() == 0, world.server.request_counts()
    finally:
        world.prod.stack.import_stack(original)


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
    runs = world.prod_runs()
    assert world.serves(runs["invokeUrl"]) == f"{IMAGE}:4.0.0"
    # Exactly one prod workload runs it: the interrupted one was adopted or deleted.
    runs_it = [w["id"] for w in world.workloads() if w["artifactId"] == target["artifactId"]]
    assert sorted(runs_it) == sorted([target["workloadId"], runs["workloadId"]])
    history = json.loads(world.promote("--history", "--json").stdout)["history"]
    assert [r["result"] for r in history[-3:]] == ["interrupted", "dry run", "promoted"]
