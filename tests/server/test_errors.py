"""Routing and error shape: no redirects, contract bodies everywhere, no 500 leaks, atomicity."""

from __future__ import annotations

from typing import Any

import pytest
from workload_api_server.services import artifacts as artifact_service
from workload_api_server.store import workloads as workload_store

from tests.server.helpers import ALICE, Api, artifact_body, expect_error


def _paths(api: Api) -> list[tuple[str, str, dict[str, Any] | None, int]]:
    deployment = api.deployment()
    did, wid = deployment["id"], deployment["workloadId"]
    aid = api.get(f"/console/workloads/{wid}/").json()["artifactId"]
    draft = api.artifact()["id"]
    return [
        ("GET", "/registry/artifacts", None, 200),
        ("POST", "/registry/artifacts", artifact_body(), 201),
        ("GET", f"/registry/artifacts/{aid}", None, 200),
        ("PUT", f"/registry/artifacts/{draft}", artifact_body(), 200),
        ("PATCH", f"/registry/artifacts/{aid}", {"description": "x"}, 200),
        ("GET", "/console/workloads", None, 200),
        ("GET", f"/console/workloads/{wid}", None, 200),
        ("POST", f"/console/workloads/{wid}/stop", None, 202),
        ("POST", f"/console/workloads/{wid}/start", None, 202),
        ("GET", "/console/deployments", None, 200),
        ("GET", f"/console/deployments/{did}", None, 200),
        ("PATCH", f"/console/deployments/{did}", {"name": "y"}, 200),
        ("GET", f"/console/deployments/{did}/stats", None, 200),
        ("GET", f"/endpoints/workloads/{wid}", None, 200),
        ("GET", f"/endpoints/deployments/{did}", None, 200),
    ]


def test_every_path_works_with_and_without_trailing_slash(api: Api) -> None:
    for method, path, body, expected in _paths(api):
        for spelling in (path, f"{path}/"):
            if "/start" in spelling:
                api.post(spelling.replace("/start", "/stop"))
            response = api.request(method, spelling, json=body, follow_redirects=False)
            assert response.status_code == expected, (method, spelling, response.text)


def test_deletes_work_with_and_without_trailing_slash(api: Api) -> None:
    first, second = api.artifact(), api.artifact()
    assert api.delete(f"/registry/artifacts/{first['id']}").status_code == 204
    assert api.delete(f"/registry/artifacts/{second['id']}/").status_code == 204


def test_unknown_route_and_method_use_the_contract_shape(api: Api) -> None:
    expect_error(api.get("/registry/nothing/"), 404)
    expect_error(api.client.get("/elsewhere"), 404)
    response = api.request("PUT", "/console/workloads/")
    expect_error(response, 405)
    assert response.headers["allow"] == "GET, POST"


def test_unexpected_errors_answer_500_in_the_contract_shape(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    api = Api(client, ALICE)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr(artifact_service, "create", broken)
    response = api.post("/registry/artifacts/", json=artifact_body())
    assert response.status_code == 500
    assert response.json() == {"message": "The server failed unexpectedly."}
    log = client.get("/__test__/requests").json()
    assert {k: log["entries"][-1][k] for k in ("method", "path", "status")} == {
        "method": "POST",
        "path": "/api/v2/registry/artifacts/",
        "status": 500,
    }


def test_a_failed_request_changes_nothing(
    make_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = Api(make_client(), ALICE)

    def failing_insert(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(workload_store, "insert", failing_insert)
    response = api.post("/console/workloads/", json={"artifact": artifact_body()})
    assert response.status_code == 500
    # The inline artifact was inserted before the failure and must be rolled back with it.
    assert api.get("/registry/artifacts/").json()["totalCount"] == 0


def test_responses_never_use_fastapi_detail(api: Api) -> None:
    for response in (
        api.post("/registry/artifacts/", content=b"{"),
        api.post("/registry/artifacts/", json={}),
        api.get("/registry/artifacts/?limit=-4"),
        api.as_token(None).get("/registry/artifacts/"),
    ):
        assert "detail" not in response.json()
