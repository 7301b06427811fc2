"""One program with container resources in both dialects, through the lifecycle: the
artifact's `resource_request` sizes the workload's runtime in the current dialect (in the
plan, on the wire and on refresh), and what a dialect cannot say is refused at check."""

from __future__ import annotations

from typing import Any

import pytest
from datarobot_workloads_provider.lifecycle.artifact import ArtifactLifecycle
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle
from datarobot_workloads_provider.unknowns import UNKNOWN, is_unknown

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi

GIB = 1024**3
REQUEST = {"cpu": 1, "memory": GIB}
APP = [{"name": "app", "resource_request": REQUEST}]


def spec(request: dict[str, Any] | None = REQUEST) -> dict[str, Any]:
    app: dict[str, Any] = {"name": "app", "image_uri": "img:1", "port": 8080}
    if request is not None:
        app["resource_request"] = request
    return {"container_groups": [{"containers": [app]}]}


def allocation(**values: Any) -> dict[str, Any]:
    return {"containers": [{"name": "app", "resource_allocation": values}]}


@pytest.fixture
def current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")


def workload(**props: Any) -> Any:
    return WorkloadLifecycle().check({}, {"name": "w", "artifact_id": "a1", **props})


@pytest.mark.usefixtures("current")
def test_the_current_dialect_sizes_the_runtime_from_the_artifacts_requests() -> None:
    result = workload(artifact_resources=APP)
    assert result.failures == []
    assert result.inputs["runtime"] == {"replica_count": 1, **allocation(cpu=1, memory=GIB)}
    # The runtime's own entry wins for the container it names.
    own = {"replica_count": 1, **allocation(cpu=3)}
    assert workload(runtime=own, artifact_resources=APP).inputs["runtime"] == own


@pytest.mark.usefixtures("current")
def test_a_changed_request_is_an_in_place_update_of_the_runtime() -> None:
    lifecycle = WorkloadLifecycle()
    olds = {**workload(artifact_resources=APP).inputs, "api_dialect": "current"}
    news = workload(
        artifact_resources=[{"name": "app", "resource_request": {"cpu": 2, "memory": GIB}}]
    ).inputs
    plan = lifecycle.diff(olds, news)
    assert plan.changed == ("runtime",) and plan.replaces == ()
    # Requests not known yet (the artifact's spec is): the plan says the runtime may change.
    unknown = workload(artifact_resources=UNKNOWN).inputs
    assert is_unknown(unknown["runtime"]["containers"])
    assert lifecycle.diff(olds, unknown).changed == ("runtime",)


@pytest.mark.usefixtures("current")
def test_a_runtime_container_must_be_one_of_the_artifacts() -> None:
    result = workload(runtime=allocation(cpu=1), artifact_resources=[{"name": "web"}])
    assert [path for path, _ in result.failures] == ["runtime.containers[0].name"]


def test_the_older_dialect_sizes_on_the_artifact_and_refuses_runtime_containers() -> None:
    result = workload(runtime=allocation(cpu=1))
    assert [path for path, _ in result.failures] == ["runtime.containers"]
    assert "resource_request" in result.failures[0][1]
    # The artifact's requests are its own there: the runtime stays as written.
    plain = workload(artifact_resources=APP)
    assert plain.failures == [] and plain.inputs["runtime"] == {"replica_count": 1}


def test_only_the_older_dialects_revision_follows_the_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def revision(request: dict[str, Any] | None) -> str:
        inputs = ArtifactLifecycle().check({}, {"name": "a", "spec": spec(request)}).inputs
        return str(inputs["spec_revision"])

    assert revision(REQUEST) != revision(None)
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")
    # There resources roll the workload's runtime; the artifact a workload runs is the same.
    assert revision(REQUEST) == revision(None)


def test_in_the_older_dialect_new_requests_are_a_new_registered_artifact() -> None:
    lifecycle = ArtifactLifecycle()
    declared = {"name": "a", "spec": spec(), "status": "registered"}
    olds = lifecycle.check({}, declared).inputs
    news = lifecycle.check({}, {**declared, "spec": spec({"cpu": 4, "memory": GIB})}).inputs
    assert lifecycle.diff(olds, news).replaces == ("spec",)


@pytest.mark.usefixtures("current")
def test_a_locked_artifact_keeps_its_version_when_only_its_requests_change() -> None:
    server = FakeCurrentApi(FakeTime())
    lifecycle = ArtifactLifecycle(api=server.api())
    declared = {"name": "a", "spec": spec(), "status": "locked"}
    inputs = lifecycle.check({}, declared).inputs
    created = lifecycle.create(inputs)
    posted = server.bodies[server.requests.index("POST artifacts/")]
    assert "resourceRequest" not in str(posted)
    assert created.state["spec"] == inputs["spec"]
    # Refresh: the API's spec has no requests, the state keeps the declared ones.
    assert lifecycle.read(created.id, created.state).state == created.state
    news = lifecycle.check({}, {**declared, "spec": spec({"cpu": 4, "memory": GIB})}).inputs
    plan = lifecycle.diff(created.state, news)
    assert plan.changed == ("spec",) and plan.replaces == ()
    writes = len(server.requests)
    updated = lifecycle.update(created.id, created.state, news)
    assert updated["spec"] == news["spec"]
    assert not any(r.startswith(("PATCH", "PUT", "POST")) for r in server.requests[writes:])
    # Anything else of a locked spec is still a new version.
    other = {**spec(), "container_groups": [{"containers": [{"name": "app", "image_uri": "x"}]}]}
    image = lifecycle.check({}, {**declared, "spec": other}).inputs
    assert lifecycle.diff(created.state, image).replaces == ("spec",)


@pytest.mark.usefixtures("current")
def test_the_allocation_goes_on_the_wire_and_comes_back_on_refresh() -> None:
    server = FakeCurrentApi(FakeTime())
    artifact = server.add_artifact("a", "locked")
    workload_id = server.add_workload(artifact)
    lifecycle = WorkloadLifecycle(api=server.api())
    olds = {**workload(artifact_id=artifact).inputs, "api_dialect": "current"}
    news = workload(artifact_id=artifact, artifact_resources=APP).inputs
    state = lifecycle.update(workload_id, olds, news)
    sent = server.bodies[server.requests.index(f"PATCH workloads/{workload_id}/settings")]
    assert sent["runtime"]["containerGroups"][0]["containers"] == [
        {"name": "app", "resourceAllocation": {"cpu": 1, "memory": GIB}}
    ]
    assert state["runtime"] == news["runtime"]
    assert lifecycle.diff(state, news).changes is False
    # Changed outside Pulumi: refresh shows it, so the next plan rolls it back.
    live_group = server.workloads[workload_id]["runtime"]["containerGroups"][0]
    live_group["containers"][0]["resourceAllocation"]["cpu"] = 8
    refreshed = lifecycle.read(workload_id, state).state
    assert refreshed["runtime"]["containers"][0]["resource_allocation"]["cpu"] == 8
    assert lifecycle.diff(refreshed, news).changed == ("runtime",)
