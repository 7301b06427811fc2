"""The current dialect's adapter: its paths and shapes, and the lost answer of a
replacement, against a scripted server in fake time."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.client.current import model_runtime, wire_runtime
from datarobot_workloads_provider.client.errors import error_for
from datarobot_workloads_provider.client.settings import ApiSettings, DialectError

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi


def test_a_runtime_is_one_container_group_on_the_wire_and_flat_in_the_models() -> None:
    flat = {"replicaCount": 2, "resourceBundleId": "cpu.small"}
    wire = wire_runtime(flat)
    assert wire == {
        "containerGroups": [
            {"name": "default", "replicaCount": 2, "resourceBundles": ["cpu.small"]}
        ]
    }
    assert model_runtime(wire) == flat


def test_container_allocations_ride_in_the_group() -> None:
    containers = [{"name": "app", "resourceAllocation": {"cpu": 0.5, "memory": 1024}}]
    wire = wire_runtime({"replicaCount": 1, "containers": containers})
    assert wire["containerGroups"][0]["containers"] == containers
    assert model_runtime(wire) == {"replicaCount": 1, "containers": containers}


def test_an_autoscaled_group_sends_no_replica_count_and_reads_the_default() -> None:
    scaling = {"enabled": True, "policies": []}
    wire = wire_runtime({"replicaCount": 1, "autoscaling": scaling})
    assert "replicaCount" not in wire["containerGroups"][0]
    assert model_runtime(wire) == {"replicaCount": 1, "autoscaling": scaling}


def test_answers_are_parsed_into_the_shared_models_and_tagged_with_the_dialect() -> None:
    server = FakeCurrentApi(FakeTime())
    workload_id = server.add_workload(server.add_artifact("a"), replicas=3)
    workload = server.api().get_workload(workload_id)
    assert server.requests == [f"GET workloads/{workload_id}/"]
    assert workload.dialect == "current"
    assert workload.runtime is not None and workload.runtime.replica_count == 3
    assert workload.endpoint == f"http://api.test/api/v2/endpoints/workloads/{workload_id}/"


def test_create_sends_the_current_shape() -> None:
    server = FakeCurrentApi(FakeTime())
    artifact_id = server.add_artifact("a", "locked")
    body = {"name": "w", "artifactId": artifact_id, "runtime": {"replicaCount": 2}}
    created = server.api().create_workload(body)
    assert server.requests == ["POST workloads/"]
    assert server.bodies[0]["runtime"] == {
        "containerGroups": [{"name": "default", "replicaCount": 2}]
    }
    assert created.runtime is not None and created.runtime.replica_count == 2


def test_start_and_stop_answer_a_receipt_so_the_workload_is_read_after_them() -> None:
    server = FakeCurrentApi(FakeTime())
    workload_id = server.add_workload(server.add_artifact("a"))
    stopped = server.api().stop_workload(workload_id)
    assert stopped.status == "stopped"
    assert server.requests == [
        f"POST workloads/{workload_id}/stop",
        f"GET workloads/{workload_id}/",
    ]


def test_a_replacement_whose_answer_was_lost_is_not_posted_twice() -> None:
    fake = FakeTime()
    server = FakeCurrentApi(fake)
    old = server.add_artifact("a", "locked")
    new = server.add_artifact("a", "locked")
    workload_id = server.add_workload(old)
    server.lose_next_answer = True
    record = server.api().replace_workload(workload_id, new, runtime=None, config={})
    assert server.requests.count(f"POST workloads/{workload_id}/replacement") == 1
    assert record.candidate_artifact_id == new
    assert record.status == "initializing"


def test_a_validation_answer_names_the_fields() -> None:
    body = {"detail": [{"loc": ["body", "runtime", "replicaCount"], "msg": "too big", "type": "x"}]}
    error = error_for(422, body, method="POST", path="workloads/")
    assert error.field_errors == {"runtime.replicaCount": "too big"}
    assert "runtime.replicaCount: too big" in str(error)
    plain = error_for(403, {"detail": "a locked artifact is immutable"}, method="PATCH", path="x")
    assert plain.message == "a locked artifact is immutable"


def test_a_create_whose_answer_was_lost_is_found_not_posted_twice() -> None:
    server = FakeCurrentApi(FakeTime())
    server.lose_next_answer = True
    spec = {"containerGroups": [{"name": "default", "containers": []}]}
    body = {"name": "model", "type": "service", "status": "draft", "spec": spec}
    created = server.api().create_artifact(body)
    assert server.requests.count("POST artifacts/") == 1
    assert [r for r in server.requests if r.startswith("GET")] == ["GET artifacts/"]
    assert list(server.artifacts) == [created.id]


def test_the_dialect_comes_from_config_then_the_environment_and_defaults_to_older(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DATAROBOT_API_DIALECT", raising=False)
    assert ApiSettings.resolve({}).dialect == "older"
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")
    assert ApiSettings.resolve({}).dialect == "current"
    assert ApiSettings.resolve({"datarobot:dialect": "older"}).dialect == "older"
    with pytest.raises(DialectError, match=r"datarobot:dialect \(or DATAROBOT_API_DIALECT\)"):
        ApiSettings.resolve({"datarobot:dialect": "newest"})
