"""The lifecycle in the current dialect: the plan (in place where the older dialect
replaces), a dialect that disagrees with the state, what check refuses, and the rolling
replacement an update runs, call by call in fake time."""

from __future__ import annotations

from typing import Any

import pytest
from datarobot_workloads_provider.lifecycle.artifact import ArtifactLifecycle
from datarobot_workloads_provider.lifecycle.core import ProviderError
from datarobot_workloads_provider.lifecycle.deployment import DeploymentLifecycle
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi

SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1", "port": 8080}]}]}
SPEC2 = {
    "container_groups": [{"containers": [{"name": "app", "image_uri": "img:2", "port": 8080}]}]
}


@pytest.fixture
def current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")


def checked(lifecycle: Any, props: dict[str, Any]) -> dict[str, Any]:
    result = lifecycle.check({}, props)
    assert result.failures == []
    inputs: dict[str, Any] = result.inputs
    return inputs


def workload_inputs(**props: Any) -> dict[str, Any]:
    return checked(WorkloadLifecycle(), {"name": "w", "artifact_id": "a1", **props})


@pytest.mark.parametrize(
    "change",
    [{"artifact_id": "a2"}, {"runtime": {"replica_count": 2}}, {"name": "w2"}],
    ids=["artifact", "runtime", "name"],
)
def test_a_workload_changes_in_place_in_current_and_is_replaced_in_older(
    change: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    olds = workload_inputs()
    older = WorkloadLifecycle().diff(olds, {**olds, **change})
    assert older.replaces == tuple(change)
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")
    olds = {**workload_inputs(), "api_dialect": "current"}
    plan = WorkloadLifecycle().diff(olds, {**olds, **change})
    assert plan.changed == tuple(change)
    assert plan.replaces == ()


@pytest.mark.usefixtures("current")
def test_a_locked_artifact_takes_no_edit_so_every_change_is_a_new_version() -> None:
    lifecycle = ArtifactLifecycle()
    olds = {**checked(lifecycle, {"name": "a", "spec": SPEC, "status": "registered"})}
    assert olds["status"] == "locked"  # `registered` is accepted as the same request
    olds["api_dialect"] = "current"
    assert lifecycle.diff(olds, {**olds, "spec": SPEC2}).replaces == ("spec",)
    assert lifecycle.diff(olds, {**olds, "name": "b"}).replaces == ("name",)
    draft = {**olds, "status": "draft"}
    assert lifecycle.diff(draft, {**draft, "spec": SPEC2}).replaces == ()


def test_a_stack_whose_dialect_disagrees_with_its_state_is_refused_naming_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    olds = workload_inputs()  # made in the older dialect: no api_dialect
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")
    with pytest.raises(ProviderError) as refused:
        WorkloadLifecycle().diff(olds, olds)
    assert "made with the older dialect" in str(refused.value)
    assert "configured for the current dialect" in str(refused.value)
    assert "datarobot:dialect" in str(refused.value)


@pytest.mark.usefixtures("current")
def test_check_refuses_what_the_current_dialect_does_not_have() -> None:
    with pytest.raises(ProviderError, match=r"no deployments.*invoke_url"):
        DeploymentLifecycle().check({}, {"name": "d", "workload_id": "w1"})
    spec = {
        "container_groups": [
            {
                "containers": [
                    {
                        "name": "app",
                        "image_uri": "i",
                        "port": 8080,
                        "resource_request": {"cpu": 1, "memory": 1024, "gpu_type": "a10"},
                    }
                ]
            }
        ]
    }
    failures = ArtifactLifecycle().check({}, {"name": "a", "spec": spec}).failures
    # cpu and memory move to the workload's runtime; a GPU type has nowhere to go.
    assert [path for path, _ in failures] == [
        "spec.container_groups[0].containers[0].resource_request.gpu_type"
    ]


def test_older_refuses_the_current_dialects_workload_inputs() -> None:
    result = WorkloadLifecycle().check({}, {"name": "w", "artifact_id": "a", "importance": "high"})
    assert [path for path, _ in result.failures] == ["importance"]


def test_a_new_artifact_rolls_the_workload_over_in_place() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=3.0)
    old = server.add_artifact("a", "locked")
    new = server.add_artifact("a", "locked")
    workload_id = server.add_workload(old)
    lifecycle = WorkloadLifecycle(api=server.api())
    olds = {**workload_inputs(artifact_id=old), "api_dialect": "current"}
    news = {**olds, "artifact_id": new, "rollout_warmup_minutes": 1}
    state = lifecycle.update(workload_id, olds, news)
    assert state["artifact_id"] == new
    assert state["invoke_url"] == f"http://api.test/api/v2/endpoints/workloads/{workload_id}/"
    assert state["api_dialect"] == "current"
    assert f"POST workloads/{workload_id}/replacement" in server.requests
    posted = server.bodies[server.requests.index(f"POST workloads/{workload_id}/replacement")]
    assert posted == {
        "artifactId": new,
        "strategy": "rolling",
        "config": {"warmupDurationMinutes": 1},
    }
    assert 3.0 <= fake.now <= 5.0
    assert not any(r.startswith(("DELETE", "POST workloads/ ")) for r in server.requests)


def test_a_new_runtime_alone_rolls_over_by_the_settings() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    artifact = server.add_artifact("a", "locked")
    workload_id = server.add_workload(artifact)
    lifecycle = WorkloadLifecycle(api=server.api())
    olds = {**workload_inputs(artifact_id=artifact), "api_dialect": "current"}
    news = {**olds, "runtime": {"replica_count": 3}}
    state = lifecycle.update(workload_id, olds, news)
    assert state["runtime"] == {"replica_count": 3}
    assert f"PATCH workloads/{workload_id}/settings" in server.requests
    assert f"POST workloads/{workload_id}/replacement" not in server.requests


def test_a_failed_replacement_names_the_workload_and_the_apis_message() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    old = server.add_artifact("a", "locked")
    new = server.add_artifact("a", "locked")
    workload_id = server.add_workload(old)
    server.fail_next = "candidate never became ready"
    lifecycle = WorkloadLifecycle(api=server.api())
    olds = {**workload_inputs(artifact_id=old), "api_dialect": "current"}
    with pytest.raises(ProviderError) as failed:
        lifecycle.update(workload_id, olds, {**olds, "artifact_id": new})
    assert f"workload 'w' ({workload_id})" in str(failed.value)
    assert "candidate never became ready" in str(failed.value)
    assert server.workloads[workload_id]["artifactId"] == old
    # The next up tries again, and succeeds.
    state = lifecycle.update(workload_id, olds, {**olds, "artifact_id": new})
    assert state["artifact_id"] == new


def test_name_description_and_importance_are_one_patch() -> None:
    server = FakeCurrentApi(FakeTime())
    artifact = server.add_artifact("a", "locked")
    workload_id = server.add_workload(artifact)
    lifecycle = WorkloadLifecycle(api=server.api())
    olds = {**workload_inputs(artifact_id=artifact), "api_dialect": "current"}
    news = {**olds, "name": "w2", "importance": "high", "description": "d"}
    lifecycle.update(workload_id, olds, news)
    patch = server.bodies[server.requests.index(f"PATCH workloads/{workload_id}/")]
    assert patch == {"name": "w2", "description": "d", "importance": "high"}
    assert not any("replacement" in r or "settings" in r for r in server.requests)


def test_a_new_version_joins_the_repository_of_its_name() -> None:
    server = FakeCurrentApi(FakeTime())
    first = server.add_artifact("model", "locked")
    repository = server.artifacts[first]["artifactRepositoryId"]
    lifecycle = ArtifactLifecycle(api=server.api())
    created = lifecycle.create(
        {"name": "model", "spec": SPEC2, "status": "locked", "type": "service"}
    )
    assert created.state["repository_id"] == repository
    assert created.state["version"] == 2
    assert created.state["api_dialect"] == "current"


def test_an_import_by_id_reads_in_the_configured_dialect_and_records_it() -> None:
    """`pulumi import` (the plugin) reads with no state: the configured dialect speaks."""
    server = FakeCurrentApi(FakeTime())
    workload_id = server.add_workload(server.add_artifact("a", "locked"), replicas=2)
    found = WorkloadLifecycle(api=server.api()).read(workload_id, {})
    assert found.id == workload_id
    assert found.state["api_dialect"] == "current"
    assert found.state["runtime"] == {"replica_count": 2}
    assert found.state["invoke_url"].endswith(f"/endpoints/workloads/{workload_id}/")


def test_refresh_finds_importance_and_description_changed_outside_pulumi() -> None:
    server = FakeCurrentApi(FakeTime())
    workload_id = server.add_workload(server.add_artifact("a", "locked"))
    server.workloads[workload_id].update(importance="low", description="changed by hand")
    lifecycle = WorkloadLifecycle(api=server.api())
    props = {**workload_inputs(), "api_dialect": "current", "importance": "high"}
    props["description"] = "the program's"
    state = lifecycle.read(workload_id, props).state
    assert (state["importance"], state["description"]) == ("low", "changed by hand")
    # Inputs the program leaves unset stay unset: no diff against the API's defaults.
    unset = lifecycle.read(workload_id, {**workload_inputs(), "api_dialect": "current"}).state
    assert (unset["importance"], unset["description"]) == (None, None)


def test_locking_whose_answer_was_lost_is_not_refused_when_retried() -> None:
    """The transport retries a PATCH whose answer was lost; the API refuses to lock a
    locked artifact (403), which then means the first attempt did it."""
    server = FakeCurrentApi(FakeTime())
    artifact_id = server.add_artifact("model")
    server.artifacts[artifact_id]["spec"] = {
        "containerGroups": [
            {
                "name": "default",
                "containers": [{"name": "app", "imageUri": "img:1", "port": 8080, "primary": True}],
            }
        ]
    }
    server.lose_next_patch = True
    lifecycle = ArtifactLifecycle(api=server.api())
    olds = {
        **checked(ArtifactLifecycle(), {"name": "model", "spec": SPEC}),
        "api_dialect": "current",
    }
    state = lifecycle.update(artifact_id, olds, {**olds, "status": "locked"})
    assert state["status"] == "locked" and state["version"] == 1
    assert server.requests.count(f"PATCH artifacts/{artifact_id}/") == 2


def test_a_swap_across_statuses_is_refused_saying_what_to_do_instead() -> None:
    server = FakeCurrentApi(FakeTime())
    draft = server.add_artifact("a", "draft")
    locked = server.add_artifact("b", "locked")
    workload_id = server.add_workload(draft)
    lifecycle = WorkloadLifecycle(api=server.api())
    olds = {**workload_inputs(artifact_id=draft), "api_dialect": "current"}
    with pytest.raises(ProviderError) as refused:
        lifecycle.update(workload_id, olds, {**olds, "artifact_id": locked})
    text = str(refused.value)
    assert f"workload 'w' ({workload_id})" in text
    assert "not across" in text and "pulumi up --replace" in text
    assert server.workloads[workload_id]["artifactId"] == draft


AUTOSCALED = {
    "replica_count": 2,
    "autoscaling": {
        "enabled": True,
        "policies": [
            {
                "scaling_metric": "cpuAverageUtilization",
                "target": 70,
                "min_count": 2,
                "max_count": 4,
            }
        ],
    },
}


@pytest.mark.usefixtures("current")
def test_an_autoscaled_workload_keeps_its_declared_replica_count() -> None:
    """The current dialect takes no replica count beside enabled autoscaling and reports
    none: the state keeps the declared one, so neither the next plan nor a refresh shows
    it changed back to the default."""
    server = FakeCurrentApi(FakeTime())
    artifact = server.add_artifact("a", "locked")
    lifecycle = WorkloadLifecycle(api=server.api())
    inputs = workload_inputs(artifact_id=artifact, runtime=AUTOSCALED)
    created = lifecycle.create(inputs)
    assert server.workloads[created.id]["runtime"]["containerGroups"][0].get("replicaCount") is None
    assert created.state["runtime"]["replica_count"] == 2
    assert lifecycle.diff(created.state, inputs).changed == ()
    refreshed = lifecycle.read(created.id, created.state).state
    assert refreshed["runtime"] == created.state["runtime"]


@pytest.mark.usefixtures("current")
def test_an_autoscaled_workload_rolls_onto_a_new_artifact_without_a_new_runtime() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake, rollout_seconds=3.0)
    old = server.add_artifact("a", "locked")
    new = server.add_artifact("a", "locked")
    lifecycle = WorkloadLifecycle(api=server.api())
    inputs = workload_inputs(artifact_id=old, runtime=AUTOSCALED)
    olds = lifecycle.create(inputs)
    news = {**olds.state, **inputs, "artifact_id": new}
    state = lifecycle.update(olds.id, olds.state, news)
    assert (state["artifact_id"], state["runtime"]) == (new, news["runtime"])
    posted = server.bodies[server.requests.index(f"POST workloads/{olds.id}/replacement")]
    assert "runtime" not in posted
    assert fake.now <= 5.0
