"""Tokens, roles, tenancy, and the contract's order of checks (401, 403, 404, 400, 409, 422)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.helpers import ALICE, ALICE_VIEWER, BOB, Api, artifact_body, expect_error

BAD = b"{not json"


def test_default_token_when_none_configured(make_client: Any) -> None:
    api = Api(make_client(tokens=()), "local-dev-token")
    created = api.artifact()
    assert api.get(f"/registry/artifacts/{created['id']}/").status_code == 200
    expect_error(api.as_token(ALICE).get("/registry/artifacts/"), 401)


def test_configured_tokens_replace_the_default(api: Api) -> None:
    expect_error(api.as_token("local-dev-token").get("/registry/artifacts/"), 401)


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Basic YWxpY2U6cHc=", f"Token {ALICE}", "Bearer nope"],
)
def test_401_for_missing_or_invalid_tokens(api: Api, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = api.as_token(None).get("/console/workloads/", headers=headers)
    expect_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_bearer_scheme_is_case_insensitive(api: Api) -> None:
    headers = {"Authorization": f"bearer {ALICE}"}
    assert api.as_token(None).get("/console/workloads/", headers=headers).status_code == 200


def _writes(ids: dict[str, str]) -> list[tuple[str, str, dict[str, Any] | None]]:
    a, w, d = ids["artifact"], ids["workload"], ids["deployment"]
    return [
        ("POST", "/registry/artifacts/", artifact_body()),
        ("PUT", f"/registry/artifacts/{a}/", artifact_body()),
        ("PATCH", f"/registry/artifacts/{a}/", {"name": "x"}),
        ("DELETE", f"/registry/artifacts/{a}/", None),
        ("POST", "/console/workloads/", {"artifactId": a}),
        ("POST", f"/console/workloads/{w}/start", None),
        ("POST", f"/console/workloads/{w}/stop", None),
        ("DELETE", f"/console/workloads/{w}/", None),
        ("POST", "/console/deployments/", {"name": "d", "workloadId": w}),
        ("PATCH", f"/console/deployments/{d}/", {"name": "x"}),
        ("DELETE", f"/console/deployments/{d}/", None),
    ]


@pytest.fixture
def ids(api: Api) -> dict[str, str]:
    deployment = api.deployment()
    workload = api.get(f"/console/workloads/{deployment['workloadId']}/").json()
    return {
        "artifact": workload["artifactId"],
        "workload": workload["id"],
        "deployment": deployment["id"],
    }


def test_viewer_gets_403_on_every_write_and_nothing_changes(api: Api, ids: dict[str, str]) -> None:
    viewer = api.as_token(ALICE_VIEWER)
    before = {
        kind: api.get(path).json()
        for kind, path in (
            ("a", "/registry/artifacts/"),
            ("w", "/console/workloads/"),
            ("d", "/console/deployments/"),
        )
    }
    for method, path, body in _writes(ids):
        expect_error(viewer.request(method, path, json=body), 403)
    for kind, path in (
        ("a", "/registry/artifacts/"),
        ("w", "/console/workloads/"),
        ("d", "/console/deployments/"),
    ):
        assert api.get(path).json() == before[kind]


def test_viewer_may_read(api: Api, ids: dict[str, str]) -> None:
    viewer = api.as_token(ALICE_VIEWER)
    for path in (
        f"/registry/artifacts/{ids['artifact']}/",
        f"/console/workloads/{ids['workload']}/",
        f"/console/deployments/{ids['deployment']}/",
        f"/console/deployments/{ids['deployment']}/stats/",
        "/registry/artifacts/",
    ):
        assert viewer.get(path).status_code == 200, path


def test_403_comes_before_404(api: Api, ids: dict[str, str]) -> None:
    bobs = api.as_token(BOB).artifact()
    viewer = api.as_token(ALICE_VIEWER)
    expect_error(viewer.delete(f"/registry/artifacts/{bobs['id']}/"), 403)
    expect_error(viewer.delete(f"/registry/artifacts/{'0' * 24}/"), 403)


def test_401_comes_before_everything(api: Api) -> None:
    anonymous = api.as_token(None)
    expect_error(anonymous.post("/registry/artifacts/", content=BAD), 401)
    expect_error(anonymous.put(f"/registry/artifacts/{'0' * 24}/", content=BAD), 401)
    expect_error(anonymous.get("/registry/artifacts/?limit=0"), 401)


def test_404_comes_before_400(api: Api) -> None:
    expect_error(api.put(f"/registry/artifacts/{'0' * 24}/", content=BAD), 404)
    expect_error(api.patch(f"/console/deployments/{'0' * 24}/", content=BAD), 404)
    bobs = api.as_token(BOB).artifact()
    expect_error(api.patch(f"/registry/artifacts/{bobs['id']}/", content=BAD), 404)


def test_400_before_409_before_422(api: Api) -> None:
    registered = api.artifact(status="registered")
    path = f"/registry/artifacts/{registered['id']}/"
    expect_error(api.put(path, content=BAD), 400)
    expect_error(api.put(path, json={"name": ""}), 409)
    expect_error(api.patch(path, json={"spec": {}, "name": ""}), 409)
    expect_error(api.patch(path, json={"name": ""}), 422, field="name")


def test_tenancy_hides_objects(api: Api, ids: dict[str, str]) -> None:
    bob = api.as_token(BOB)
    bob.artifact(name="bobs")
    for path in ("/registry/artifacts/", "/console/workloads/", "/console/deployments/"):
        listed = api.get(path).json()
        assert all(item["id"] in ids.values() for item in listed["data"])
    bob_artifacts = bob.get(f"/registry/artifacts/?ids={ids['artifact']}").json()
    assert bob_artifacts["totalCount"] == 0
    expect_error(bob.get(f"/registry/artifacts/{ids['artifact']}/"), 404)
    expect_error(bob.put(f"/registry/artifacts/{ids['artifact']}/", json=artifact_body()), 404)


def test_owners_are_shared_between_tokens_of_one_owner(api: Api) -> None:
    created = api.artifact()
    viewer = api.as_token(ALICE_VIEWER)
    assert viewer.get(f"/registry/artifacts/{created['id']}/").status_code == 200
    assert ALICE != ALICE_VIEWER
