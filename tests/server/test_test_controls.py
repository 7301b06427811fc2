"""The /__test__ controls: reset, request log, faults (over real sockets), forced errors."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from workload_api_server.web.app import server_context
from workload_api_server.web.middleware.request_log import client_label

from tests.server.helpers import ALICE, Api, artifact_body, expect_error

ARTIFACTS = "/registry/artifacts/"


def test_controls_are_absent_unless_enabled(make_client: Any) -> None:
    client = make_client(test_controls=False)
    for method, path in (("POST", "/__test__/reset"), ("GET", "/__test__/requests")):
        expect_error(client.request(method, path), 404)


def test_without_controls_nothing_is_logged(make_client: Any) -> None:
    # Nobody could read the log, so the server does not spend time keeping it.
    client = make_client(test_controls=False)
    answer = Api(client, ALICE).get(ARTIFACTS)
    assert answer.status_code == 200
    assert server_context(client.app).request_log.snapshot()["total"] == 0


def test_reset_wipes_everything(api: Api) -> None:
    api.deployment()
    api.client.put("/__test__/faults", json={"rate": 0.0, "kinds": ["500"]})
    assert api.client.post("/__test__/reset").status_code == 204
    for path in (ARTIFACTS, "/console/workloads/", "/console/deployments/"):
        assert api.get(path).json()["totalCount"] == 0
    assert api.client.get("/__test__/faults").json()["active"] is False
    log = api.client.get("/__test__/requests").json()
    assert log["total"] == 3  # only the three lists above
    # Version history goes with a reset.
    assert api.artifact(status="registered")["version"] == 1


def test_reset_starts_creation_order_over(api: Api) -> None:
    # A reset store is a fresh one: nothing of what ran before shows, not even as numbering.
    for _ in range(2):
        api.artifact()
    assert api.client.post("/__test__/reset").status_code == 204
    api.artifact()
    database = server_context(api.client.app).database  # type: ignore[arg-type]
    with database.transaction() as tx:
        assert [row["seq"] for row in tx.connection.execute("SELECT seq FROM artifacts")] == [1]


def test_request_log_templates_and_counts(api: Api) -> None:
    api.client.delete("/__test__/requests")
    artifact = api.artifact()
    api.get(f"{ARTIFACTS}{artifact['id']}/")
    api.get(f"{ARTIFACTS}{artifact['id']}")
    api.get(f"{ARTIFACTS}{'0' * 24}/")
    api.as_token(None).get(ARTIFACTS)
    api.client.get("/__test__/faults")  # not an /api/v2 request
    log = api.client.get("/__test__/requests").json()
    assert log["total"] == 5
    assert log["counts"] == {
        "POST /api/v2/registry/artifacts/": 1,
        "GET /api/v2/registry/artifacts/{id}/": 2,
        "GET /api/v2/registry/artifacts/{id}": 1,
        "GET /api/v2/registry/artifacts/": 1,
    }
    # Each entry names its client by a digest of its token, never by the token.
    alice = client_label(ALICE)
    assert alice not in ALICE and len(alice) == 12
    assert log["entries"] == [
        {"method": "POST", "path": "/api/v2/registry/artifacts/", "status": 201, "client": alice},
        {
            "method": "GET",
            "path": "/api/v2/registry/artifacts/{id}/",
            "status": 200,
            "client": alice,
        },
        {
            "method": "GET",
            "path": "/api/v2/registry/artifacts/{id}",
            "status": 200,
            "client": alice,
        },
        {
            "method": "GET",
            "path": "/api/v2/registry/artifacts/{id}/",
            "status": 404,
            "client": alice,
        },
        {"method": "GET", "path": "/api/v2/registry/artifacts/", "status": 401, "client": None},
    ]
    assert api.client.delete("/__test__/requests").status_code == 204
    assert api.client.get("/__test__/requests").json() == {"total": 0, "counts": {}, "entries": []}


def test_invoke_paths_are_logged_templated(api: Api) -> None:
    wid = api.workload()["id"]
    api.client.delete("/__test__/requests")
    api.get(f"/endpoints/workloads/{wid}/some/path")
    assert api.client.get("/__test__/requests").json()["counts"] == {
        "GET /api/v2/endpoints/workloads/{id}/some/path": 1
    }


def test_force_error(api: Api) -> None:
    workload = api.workload()
    response = api.client.post(
        f"/__test__/workloads/{workload['id']}/error",
        json={"message": "out of memory", "logTail": ["line 1", "line 2"]},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "errored"
    fetched = api.get(f"/console/workloads/{workload['id']}/").json()
    assert fetched["statusDetails"] == {"message": "out of memory", "logTail": ["line 1", "line 2"]}
    assert fetched["updatedAt"] == workload["updatedAt"]
    plain = api.client.post(f"/__test__/workloads/{workload['id']}/error", json={"message": "m"})
    assert plain.json()["statusDetails"] == {"message": "m", "logTail": []}


def test_force_error_rejects(api: Api) -> None:
    wid = api.workload()["id"]
    expect_error(
        api.client.post(f"/__test__/workloads/{'0' * 24}/error", json={"message": "m"}), 404
    )
    expect_error(api.client.post(f"/__test__/workloads/{wid}/error", json={}), 422, field="message")
    expect_error(api.client.post(f"/__test__/workloads/{wid}/error", content=b"x"), 400)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kinds": ["500"]}, "rate"),
        ({"rate": 2, "kinds": ["500"]}, "rate"),
        ({"rate": 0.5, "kinds": []}, "kinds"),
        ({"rate": 0.5, "kinds": ["404"]}, "kinds.0"),
        ({"rate": 0.5, "kinds": ["500"], "latencyMs": -1}, "latencyMs"),
        ({"rate": 0.5, "kinds": ["500"], "other": 1}, "other"),
    ],
)
def test_fault_config_is_validated(api: Api, body: dict[str, Any], field: str) -> None:
    expect_error(api.client.put("/__test__/faults", json=body), 422, field=field)


def test_fault_config_round_trip(api: Api) -> None:
    config = {
        "rate": 0.25,
        "kinds": ["429", "latency"],
        "methods": ["POST"],
        "pathContains": "/console/",
        "latencyMs": 10,
        "retryAfter": 2,
        "seed": 7,
    }
    put = api.client.put("/__test__/faults", json=config).json()
    assert put == {**config, "active": True, "injected": dict.fromkeys(INJECTED_KINDS, 0)}
    assert api.client.get("/__test__/faults").json() == put
    cleared = api.client.delete("/__test__/faults").json()
    assert cleared["active"] is False


INJECTED_KINDS = ["429", "500", "502", "503", "latency", "drop_before", "drop_after"]


def _statuses(api: Api, count: int) -> list[int]:
    return [api.get(ARTIFACTS).status_code for _ in range(count)]


def test_seeded_faults_repeat(api: Api) -> None:
    config = {"rate": 0.5, "kinds": ["500", "503"], "seed": 42}
    api.client.put("/__test__/faults", json=config)
    first = _statuses(api, 30)
    api.client.put("/__test__/faults", json=config)
    assert _statuses(api, 30) == first
    assert {500, 503, 200} == set(first)
    injected = api.client.get("/__test__/faults").json()["injected"]
    assert injected["500"] + injected["503"] == sum(s != 200 for s in first)


def test_fault_filters(api: Api) -> None:
    api.client.put(
        "/__test__/faults",
        json={"rate": 1, "kinds": ["500"], "methods": ["post"], "pathContains": "/console/"},
    )
    assert api.get("/console/workloads/").status_code == 200  # method filtered
    assert api.post(ARTIFACTS, json=artifact_body()).status_code == 201  # path filtered
    expect_error(api.post("/console/workloads/", json={}), 500)
    # Test controls and the API documents are never faulted.
    assert api.client.get("/__test__/requests").status_code == 200
    api.client.put("/__test__/faults", json={"rate": 1, "kinds": ["500"]})
    assert api.client.get("/api/v2/openapi.json").status_code == 200


# Over a real server: every kind as an httpx client experiences it.


def _configure(live_api: Api, kind: str, **extra: Any) -> None:
    response = live_api.client.put("/__test__/faults", json={"rate": 1, "kinds": [kind], **extra})
    assert response.status_code == 200


def _artifact_count(live_api: Api) -> int:
    live_api.client.delete("/__test__/faults")
    return int(live_api.get(ARTIFACTS).json()["totalCount"])


@pytest.mark.parametrize(("kind", "status"), [("500", 500), ("502", 502), ("503", 503)])
def test_status_faults(live_api: Api, kind: str, status: int) -> None:
    _configure(live_api, kind)
    expect_error(live_api.post(ARTIFACTS, json=artifact_body()), status)
    assert _artifact_count(live_api) == 0


def test_429_has_retry_after(live_api: Api) -> None:
    _configure(live_api, "429", retryAfter=3)
    response = live_api.post(ARTIFACTS, json=artifact_body())
    expect_error(response, 429)
    assert response.headers["retry-after"] == "3"
    assert _artifact_count(live_api) == 0


def test_latency(live_api: Api) -> None:
    _configure(live_api, "latency", latencyMs=300)
    started = time.monotonic()
    assert live_api.post(ARTIFACTS, json=artifact_body()).status_code == 201
    assert time.monotonic() - started >= 0.3
    assert _artifact_count(live_api) == 1


def test_drop_before_writes_nothing(live_api: Api) -> None:
    _configure(live_api, "drop_before")
    # A dropped connection reaches the client as a closed socket or a reset, by timing.
    with pytest.raises(httpx.TransportError):
        live_api.post(ARTIFACTS, json=artifact_body())
    assert _artifact_count(live_api) == 0


def test_drop_after_commits_the_write(live_api: Api) -> None:
    _configure(live_api, "drop_after")
    with pytest.raises(httpx.TransportError):
        live_api.post(ARTIFACTS, json=artifact_body())
    assert _artifact_count(live_api) == 1
    faults = live_api.client.get("/__test__/faults").json()
    assert faults["injected"]["drop_after"] == 1
    entries = live_api.client.get("/__test__/requests").json()["entries"]
    assert {k: entries[0][k] for k in ("method", "path", "status")} == {
        "method": "POST",
        "path": "/api/v2/registry/artifacts/",
        "status": None,
    }
    assert all(entry["status"] != 500 for entry in entries)


def test_server_survives_many_drops(live_api: Api) -> None:
    _configure(live_api, "drop_before", methods=["GET"])
    for _ in range(20):
        with pytest.raises(httpx.TransportError):
            live_api.get(ARTIFACTS)
    live_api.client.delete("/__test__/faults")
    assert live_api.get(ARTIFACTS).status_code == 200
