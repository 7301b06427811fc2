"""Helpers shared by the server tests: token grants, request bodies, an API wrapper."""

from __future__ import annotations

from typing import Any

import httpx
from workload_api_server.settings import TokenGrant

ALICE = "alice-token"
ALICE_VIEWER = "alice-viewer-token"
BOB = "bob-token"
GRANTS = (
    TokenGrant(ALICE, "alice", "editor"),
    TokenGrant(ALICE_VIEWER, "alice", "viewer"),
    TokenGrant(BOB, "bob", "editor"),
)
TOKEN_SPECS = [f"{g.token}:{g.owner}:{g.role}" for g in GRANTS]


class FakeClock:
    """Time that moves only when a test says so, for exact lifecycle assertions."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Api:
    """A test client bound to one token, with paths relative to /api/v2."""

    def __init__(self, client: httpx.Client, token: str | None) -> None:
        self.client = client
        self.token = token

    def as_token(self, token: str | None) -> Api:
        return Api(self.client, token)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        url = path if path.startswith(("http", "/__test__")) else f"/api/v2{path}"
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    # Shortcuts that assert success, for tests whose subject is something else.

    def artifact(self, **overrides: Any) -> dict[str, Any]:
        response = self.post("/registry/artifacts/", json=artifact_body(**overrides))
        assert response.status_code == 201, response.text
        return dict(response.json())

    def workload(self, artifact_id: str | None = None, **body: Any) -> dict[str, Any]:
        if artifact_id is None and "artifact" not in body:
            artifact_id = self.artifact()["id"]
        if artifact_id is not None:
            body["artifactId"] = artifact_id
        response = self.post("/console/workloads/", json=body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def registered_workload(self, **artifact_overrides: Any) -> dict[str, Any]:
        artifact = self.artifact(status="registered", **artifact_overrides)
        return self.workload(artifact["id"])

    def deployment(self, workload_id: str | None = None, **body: Any) -> dict[str, Any]:
        if workload_id is None:
            workload_id = self.registered_workload()["id"]
        body.setdefault("name", "dep")
        response = self.post("/console/deployments/", json={"workloadId": workload_id, **body})
        assert response.status_code == 201, response.text
        return dict(response.json())


def container(**overrides: Any) -> dict[str, Any]:
    """A valid primary container."""
    return {"name": "app", "imageUri": "registry.example/app:1", "port": 8080, **overrides}


def spec(*containers: dict[str, Any]) -> dict[str, Any]:
    """A spec with one group holding `containers` (one default container if none)."""
    return {
        "containerGroups": [{"name": "default", "containers": list(containers) or [container()]}]
    }


def artifact_body(**overrides: Any) -> dict[str, Any]:
    """A valid artifact create body."""
    return {"name": "my-artifact", "spec": spec(), **overrides}


def expect_error(
    response: httpx.Response, status: int, *, field: str | None = None
) -> dict[str, Any]:
    """Assert the contract's error shape; with `field`, that 422 names it."""
    assert response.status_code == status, response.text
    body = dict(response.json())
    assert isinstance(body.get("message"), str) and body["message"]
    if status == 422:
        assert set(body) == {"message", "errors"}, body
        if field is not None:
            assert field in body["errors"], body["errors"]
    else:
        assert set(body) == {"message"}, body
    return body


# The current dialect (/artifacts, /artifactRepositories, /workloads).


def current_artifact_body(**overrides: Any) -> dict[str, Any]:
    """A valid current-dialect artifact create body (a draft unless `status` says)."""
    return {"name": "my-artifact", "spec": spec(), **overrides}


def current_artifact(api: Api, **overrides: Any) -> dict[str, Any]:
    """Create a current-dialect artifact, asserting success."""
    response = api.post("/artifacts/", json=current_artifact_body(**overrides))
    assert response.status_code == 201, response.text
    return dict(response.json())


def current_workload(api: Api, artifact_id: str | None = None, **body: Any) -> dict[str, Any]:
    """Create a current-dialect workload (on a new locked artifact unless given one)."""
    if artifact_id is None and "artifact" not in body:
        artifact_id = current_artifact(api, status="locked")["id"]
    if artifact_id is not None:
        body["artifactId"] = artifact_id
    body.setdefault("name", "my-workload")
    response = api.post("/workloads/", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def expect_detail(response: httpx.Response, status: int, *, loc: list[Any] | None = None) -> Any:
    """Assert the current dialect's error shape; with `loc`, that a 422 item names it."""
    assert response.status_code == status, response.text
    body = dict(response.json())
    assert set(body) == {"detail"}, body
    if status == 422:
        assert isinstance(body["detail"], list) and body["detail"], body
        for item in body["detail"]:
            assert set(item) == {"loc", "msg", "type"}, item
        if loc is not None:
            assert loc in [item["loc"] for item in body["detail"]], body["detail"]
    else:
        assert isinstance(body["detail"], str) and body["detail"], body
    return body["detail"]
