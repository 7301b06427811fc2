"""The lifecycle against a current-dialect API that answers the open questions the other
way (docs/current-dialect.md, "When DataRobot answers the other way"), in fake time."""

from __future__ import annotations

import math
from typing import Any

import pytest
from datarobot_workloads_provider.lifecycle.artifact import ArtifactLifecycle
from datarobot_workloads_provider.lifecycle.core import ProviderError
from datarobot_workloads_provider.lifecycle.workload import GONE_SECONDS, WorkloadLifecycle

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi

CURRENT: dict[str, Any] = {"api_dialect": "current"}
SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1", "port": 8080}]}]}
WIRE_SPEC = {
    "containerGroups": [
        {
            "name": "default",
            "containers": [{"name": "app", "imageUri": "img:1", "port": 8080, "primary": True}],
        }
    ]
}


@pytest.fixture
def current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")


def draft_artifact(server: FakeCurrentApi) -> tuple[str, dict[str, Any]]:
    """A draft the API holds, and the state of it (olds) in the current dialect."""
    artifact_id = server.add_artifact("model")
    server.artifacts[artifact_id]["spec"] = WIRE_SPEC
    result = ArtifactLifecycle().check({}, {"name": "model", "spec": SPEC})
    assert result.failures == []
    return artifact_id, {**result.inputs, **CURRENT}


@pytest.mark.usefixtures("current")
def test_locking_that_answers_another_artifact_is_refused_saying_how_to_lock() -> None:
    """A Pulumi update keeps the resource's ID: the state must not go on naming the draft
    as if it were the locked version, so the update fails, naming both and the way out."""
    server = FakeCurrentApi(FakeTime())
    draft, olds = draft_artifact(server)
    server.lock_gives_new_id = True
    with pytest.raises(ProviderError) as refused:
        ArtifactLifecycle(api=server.api()).update(draft, olds, {**olds, "status": "locked"})
    (locked,) = [a for a in server.artifacts if a != draft]
    text = str(refused.value)
    assert f"locking artifact {draft} made a new artifact {locked} (version 1)" in text
    assert "pulumi up --replace" in text
    assert server.artifacts[draft]["status"] == "draft"


@pytest.mark.usefixtures("current")
@pytest.mark.parametrize("code", [403, 409, 422])
def test_a_retried_lock_is_success_whatever_code_refuses_locking_twice(code: int) -> None:
    server = FakeCurrentApi(FakeTime())
    draft, olds = draft_artifact(server)
    server.lose_next_patch = True
    server.locked_edit_status = code
    state = ArtifactLifecycle(api=server.api()).update(draft, olds, {**olds, "status": "locked"})
    assert (state["status"], state["version"]) == ("locked", 1)
    assert server.requests.count(f"PATCH artifacts/{draft}/") == 2


def test_a_delete_the_api_takes_before_the_workload_is_gone_waits_for_the_404() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.delete_after = 4.0
    WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    assert workload_id not in server.workloads
    assert 4.0 <= fake.now < 6.0
    assert server.requests.count(f"DELETE workloads/{workload_id}/") == 1


def test_a_synchronous_delete_costs_one_read_to_confirm() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    api = server.api()
    WorkloadLifecycle(api=api).delete(workload_id, CURRENT)
    # The first 404 of a client also asks whether the collection answers (a 404 from an
    # endpoint that is not the API's must not read as gone); later ones do not.
    assert server.requests == [
        f"DELETE workloads/{workload_id}/",
        f"GET workloads/{workload_id}/",
        "GET workloads/",
    ]
    assert fake.now == 0.0
    second = server.add_workload(server.add_artifact("b", "locked"))
    server.requests.clear()
    WorkloadLifecycle(api=api).delete(second, CURRENT)
    assert server.requests == [f"DELETE workloads/{second}/", f"GET workloads/{second}/"]


def test_a_workload_that_stays_after_its_delete_fails_it_quoting_the_api() -> None:
    """One schema answers 200 with a detail when some protons could not be stopped: the
    workload must not leave the stack while it still stands."""
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.delete_after = math.inf
    server.delete_detail = "2 protons could not be stopped"
    with pytest.raises(ProviderError) as failed:
        WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    text = str(failed.value)
    assert f"workload {workload_id} is still there {GONE_SECONDS:g}s after" in text
    assert "2 protons could not be stopped" in text and "stays in the stack" in text


def test_a_delete_answered_502_says_the_workload_may_still_exist() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.delete_status = 502
    with pytest.raises(ProviderError) as failed:
        WorkloadLifecycle(api=server.api()).delete(workload_id, CURRENT)
    text = str(failed.value)
    assert f"deleting workload {workload_id} failed" in text and "HTTP 502" in text
    assert "may still exist" in text and "stays in the stack" in text
    assert workload_id in server.workloads


@pytest.mark.parametrize("change", ["runtime", "artifact"])
def test_an_errored_replacement_whose_record_cleared_is_a_failure(change: str) -> None:
    """An API may clear an errored record as it clears a completed one. A runtime rolled
    onto the same artifact then looked done (the artifact ID was already the wanted one);
    a new artifact was waited for until the timeout. The history says how it ended."""
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=3.0)
    old = server.add_artifact("a", "locked")
    new = server.add_artifact("a", "locked")
    workload_id = server.add_workload(old)
    server.errored_clears = True
    server.fail_next = "no capacity for the candidate"
    olds = {**checked_workload(artifact_id=old), **CURRENT}
    news = (
        {**olds, "runtime": {"replica_count": 3}}
        if change == "runtime"
        else {**olds, "artifact_id": new}
    )
    with pytest.raises(ProviderError) as failed:
        WorkloadLifecycle(api=server.api()).update(workload_id, olds, news)
    assert "no capacity for the candidate" in str(failed.value)
    assert fake.now < 10.0
    assert f"GET workloads/{workload_id}/history" in server.requests


def test_a_completed_replacement_reads_no_history() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=3.0)
    artifact = server.add_artifact("a", "locked")
    workload_id = server.add_workload(artifact)
    olds = {**checked_workload(artifact_id=artifact), **CURRENT}
    news = {**olds, "runtime": {"replica_count": 3}}
    state = WorkloadLifecycle(api=server.api()).update(workload_id, olds, news)
    assert state["runtime"] == {"replica_count": 3}
    assert not any("history" in request for request in server.requests)


def checked_workload(**props: Any) -> dict[str, Any]:
    result = WorkloadLifecycle().check({}, {"name": "w", **props})
    assert result.failures == []
    inputs: dict[str, Any] = result.inputs
    return inputs


@pytest.mark.parametrize("while_active", ["refuse", "queue"])
def test_a_replacement_asked_for_while_another_runs_ends_on_the_wanted_artifact(
    while_active: str,
) -> None:
    """A second replacement while one runs: refused (409; the running one is waited for
    and ours asked for again) or queued (202; ours is waited for by its own record)."""
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=3.0)
    old, other, new = (server.add_artifact("a", "locked") for _ in range(3))
    workload_id = server.add_workload(old)
    server.while_active = while_active
    server.api().replace_workload(workload_id, other, runtime=None, config={})
    olds = {**checked_workload(artifact_id=old), **CURRENT}
    state = WorkloadLifecycle(api=server.api()).update(
        workload_id, olds, {**olds, "artifact_id": new}
    )
    assert state["artifact_id"] == new == server.workloads[workload_id]["artifactId"]
    assert 6.0 <= fake.now < 10.0
    posts = server.requests.count(f"POST workloads/{workload_id}/replacement")
    assert posts == (3 if while_active == "refuse" else 2)


@pytest.mark.parametrize("code", [409, 422, 400])
def test_a_swap_across_statuses_says_what_to_do_whatever_code_refuses_it(code: int) -> None:
    server = FakeCurrentApi(FakeTime())
    draft = server.add_artifact("a", "draft")
    locked = server.add_artifact("b", "locked")
    workload_id = server.add_workload(draft)
    server.workloads[workload_id]["artifact"] = {"id": draft, "status": "draft"}
    server.cross_status_code = code
    olds = {**checked_workload(artifact_id=draft, artifact_status="draft"), **CURRENT}
    news = {**olds, "artifact_id": locked, "artifact_status": "locked"}
    with pytest.raises(ProviderError) as refused:
        WorkloadLifecycle(api=server.api()).update(workload_id, olds, news)
    assert "not across" in str(refused.value) and "pulumi up --replace" in str(refused.value)


def test_a_terminated_workload_shows_as_stopped_and_up_starts_it() -> None:
    """`terminated` (a draft's time limit) was a word the provider did not know: refresh
    kept `running` and `up` waited for a start nobody asked for."""
    server = FakeCurrentApi(FakeTime())
    workload_id = server.add_workload(server.add_artifact("a", "draft"))
    server.workloads[workload_id]["status"] = "terminated"
    lifecycle = WorkloadLifecycle(api=server.api())
    props = {**checked_workload(artifact_id=server.workloads[workload_id]["artifactId"]), **CURRENT}
    refreshed = lifecycle.read(workload_id, props).state
    assert refreshed["desired_status"] == "stopped"
    state = lifecycle.update(workload_id, refreshed, props)
    assert state["status"] == "running"
    assert f"POST workloads/{workload_id}/start" in server.requests


def test_a_repository_the_api_keeps_for_its_locked_versions_is_left_saying_so() -> None:
    """Deleting a repository with locked artifacts: cascade (this server, Terraform's live
    test) or 409 (the 11.5 schema). With no workload on it, a 409 can never change, so
    the destroy goes on and says what stays; while a workload uses it, it fails."""
    server = FakeCurrentApi(FakeTime())
    locked = server.add_artifact("model", "locked")
    server.repository_delete_status = 409
    lifecycle = ArtifactLifecycle(api=server.api())
    lifecycle.delete(locked, CURRENT)
    assert locked in server.artifacts
    workload_id = server.add_workload(locked)
    with pytest.raises(ProviderError, match="a workload still uses it"):
        lifecycle.delete(locked, CURRENT)
    del server.workloads[workload_id]
    server.repository_delete_status = 0
    lifecycle.delete(locked, CURRENT)
    assert locked not in server.artifacts
