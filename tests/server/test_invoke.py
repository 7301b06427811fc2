"""Invoke in the simulated runtime: routing, the echo, auth, and 503s."""

from __future__ import annotations

import pytest

from tests.server.helpers import ALICE_VIEWER, BOB, Api, FakeClock, container, expect_error, spec


@pytest.fixture
def running(api: Api) -> dict[str, str]:
    deployment = api.deployment()
    return {"workload": deployment["workloadId"], "deployment": deployment["id"]}


def test_echo_of_a_json_request(api: Api, running: dict[str, str]) -> None:
    wid = running["workload"]
    response = api.post(f"/endpoints/workloads/{wid}/predict/v1?a=1&a=2&b=", json={"x": [1, 2]})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "method": "POST",
        "path": "/predict/v1",
        "query": {"a": ["1", "2"], "b": [""]},
        "body": {"x": [1, 2]},
        "workloadId": wid,
        "imageUri": "registry.example/app:1",
    }


def test_echo_bodies(api: Api, running: dict[str, str]) -> None:
    base = f"/endpoints/workloads/{running['workload']}"
    assert api.put(f"{base}/t", content=b"plain text").json()["body"] == "plain text"
    assert api.get(f"{base}/t").json()["body"] is None
    assert api.patch(f"{base}/t", content=b"[1, 2]").json()["body"] == [1, 2]


@pytest.mark.parametrize("suffix", ["", "/"])
def test_bare_base_both_spellings(api: Api, running: dict[str, str], suffix: str) -> None:
    for kind in ("workloads", "deployments"):
        response = api.get(f"/endpoints/{kind}/{running[kind[:-1]]}{suffix}")
        assert response.status_code == 200, response.text
        assert response.json()["path"] == "/"


def test_trailing_slash_of_app_path_is_kept(api: Api, running: dict[str, str]) -> None:
    assert api.get(f"/endpoints/workloads/{running['workload']}/a/b/").json()["path"] == "/a/b/"


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_any_method(api: Api, running: dict[str, str], method: str) -> None:
    response = api.request(method, f"/endpoints/deployments/{running['deployment']}/x")
    assert response.status_code == 200
    assert response.json()["method"] == method
    assert response.json()["deploymentId"] == running["deployment"]


def test_head_is_answered(api: Api, running: dict[str, str]) -> None:
    assert api.request("HEAD", f"/endpoints/workloads/{running['workload']}/").status_code == 200


def test_deployment_echo_names_both_ids(api: Api, running: dict[str, str]) -> None:
    echo = api.get(f"/endpoints/deployments/{running['deployment']}/p").json()
    assert echo["deploymentId"] == running["deployment"]
    assert echo["workloadId"] == running["workload"]
    assert "deploymentId" not in api.get(f"/endpoints/workloads/{running['workload']}/").json()


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_viewers_may_invoke_with_any_method(api: Api, running: dict[str, str], method: str) -> None:
    viewer = api.as_token(ALICE_VIEWER)
    assert viewer.request(method, f"/endpoints/workloads/{running['workload']}/").status_code == 200


def test_auth_and_lookup(api: Api, running: dict[str, str]) -> None:
    path = f"/endpoints/workloads/{running['workload']}/"
    expect_error(api.as_token(None).get(path), 401)
    expect_error(api.as_token("wrong").get(path), 401)
    expect_error(api.as_token(BOB).get(path), 404)
    expect_error(api.get(f"/endpoints/workloads/{'0' * 24}/"), 404)
    expect_error(api.get("/endpoints/deployments/nope/"), 404)


def test_not_running_is_503(timed_api: Api, clock: FakeClock) -> None:
    wid = timed_api.workload()["id"]
    expect_error(timed_api.get(f"/endpoints/workloads/{wid}/"), 503)
    clock.advance(10)
    expect_error(timed_api.get(f"/endpoints/workloads/{wid}/"), 503)
    clock.advance(10)
    assert timed_api.get(f"/endpoints/workloads/{wid}/").status_code == 200
    timed_api.post(f"/console/workloads/{wid}/stop")
    clock.advance(10)
    body = expect_error(timed_api.get(f"/endpoints/workloads/{wid}/"), 503)
    assert "stopped" in body["message"]


def test_scaled_to_zero_runs_but_answers_503(api: Api) -> None:
    workload = api.workload(runtime={"replicaCount": 0})
    assert api.get(f"/console/workloads/{workload['id']}/").json()["status"] == "running"
    body = expect_error(api.get(f"/endpoints/workloads/{workload['id']}/"), 503)
    assert "zero" in body["message"]


def test_errored_answers_503(api: Api, running: dict[str, str]) -> None:
    api.client.post(f"/__test__/workloads/{running['workload']}/error", json={"message": "x"})
    expect_error(api.get(f"/endpoints/deployments/{running['deployment']}/"), 503)


def test_deployment_serves_its_workloads_captured_spec(api: Api) -> None:
    artifact = api.artifact(spec=spec(container(imageUri="one")))
    workload = api.workload(artifact["id"])
    api.patch(f"/registry/artifacts/{artifact['id']}/", json={"status": "registered"})
    deployment = api.deployment(workload["id"])
    assert api.get(f"/endpoints/deployments/{deployment['id']}/").json()["imageUri"] == "one"
