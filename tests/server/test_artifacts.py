"""Artifact rules: create defaults, validation paths, draft/registered, versions, delete."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.server.helpers import BOB, Api, FakeClock, artifact_body, container, expect_error, spec

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,}Z$")
COLLECTION = "/registry/artifacts/"


def item(artifact_id: str) -> str:
    return f"/registry/artifacts/{artifact_id}/"


def test_create_fills_defaults(api: Api) -> None:
    created = api.artifact()
    assert set(created) == {
        "id", "name", "description", "type", "status", "version", "spec",
        "createdAt", "updatedAt", "registeredAt",
    }  # fmt: skip
    assert re.fullmatch(r"[0-9a-f]{24}", created["id"])
    assert created["type"] == "service"
    assert created["status"] == "draft"
    assert created["version"] is None
    assert created["description"] is None
    assert created["registeredAt"] is None
    assert ISO.match(created["createdAt"]) and created["createdAt"] == created["updatedAt"]
    only = created["spec"]["containerGroups"][0]["containers"][0]
    assert only["primary"] is True
    assert only["entrypoint"] is None and only["resourceRequest"] is None


def test_create_fills_probe_and_group_defaults(api: Api) -> None:
    body = artifact_body(
        spec={"containerGroups": [{"containers": [container(readinessProbe={"path": "/ready"})]}]}
    )
    created = api.post(COLLECTION, json=body).json()
    group = created["spec"]["containerGroups"][0]
    assert group["name"] == "default"
    assert group["containers"][0]["readinessProbe"] == {
        "path": "/ready",
        "port": 8080,
        "scheme": "HTTP",
        "initialDelaySeconds": 30,
        "periodSeconds": 30,
        "timeoutSeconds": 30,
        "failureThreshold": 3,
    }


def test_multi_container_primary_flags_are_explicit(api: Api) -> None:
    body = artifact_body(
        spec=spec(container(primary=True), container(name="side", port=None, imageUri="side:1"))
    )
    body["spec"]["containerGroups"][0]["containers"][1].pop("port")
    created = api.post(COLLECTION, json=body)
    assert created.status_code == 201, created.text
    flags = [c["primary"] for c in created.json()["spec"]["containerGroups"][0]["containers"]]
    assert flags == [True, False]


def test_create_registered_gets_version_one(api: Api) -> None:
    created = api.artifact(status="registered")
    assert created["status"] == "registered"
    assert created["version"] == 1
    assert ISO.match(created["registeredAt"])


def test_null_means_absent_on_create(api: Api) -> None:
    created = api.artifact(description=None, type=None, status=None)
    assert created["description"] is None
    assert created["type"] == "service"
    assert created["status"] == "draft"


def _containers(*items: dict[str, Any]) -> dict[str, Any]:
    return artifact_body(spec=spec(*items))


INVALID_BODIES: list[tuple[str, dict[str, Any], str]] = [
    ("missing name", {"spec": spec()}, "name"),
    ("empty name", artifact_body(name=""), "name"),
    ("long name", artifact_body(name="x" * 256), "name"),
    ("name not a string", artifact_body(name=5), "name"),
    ("missing spec", {"name": "a"}, "spec"),
    ("no groups", artifact_body(spec={"containerGroups": []}), "spec.containerGroups"),
    (
        "no containers",
        artifact_body(spec={"containerGroups": [{"name": "g", "containers": []}]}),
        "spec.containerGroups.0.containers",
    ),
    ("unknown top-level field", artifact_body(colour="red"), "colour"),
    (
        "unknown nested field",
        _containers(container(bogus=1)),
        "spec.containerGroups.0.containers.0.bogus",
    ),
    (
        "snake_case name is unknown",
        artifact_body(spec={"container_groups": []}),
        "spec.container_groups",
    ),
    ("type", artifact_body(type="batch"), "type"),
    ("status", artifact_body(status="archived"), "status"),
    ("low port", _containers(container(port=80)), "spec.containerGroups.0.containers.0.port"),
    ("high port", _containers(container(port=70000)), "spec.containerGroups.0.containers.0.port"),
    (
        "port as string",
        _containers(container(port="8080")),
        "spec.containerGroups.0.containers.0.port",
    ),
    (
        "primary without port",
        _containers({"name": "a", "imageUri": "i"}),
        "spec.containerGroups.0.containers.0.port",
    ),
    (
        "lone container not primary",
        _containers(container(primary=False)),
        "spec.containerGroups.0.containers.0.primary",
    ),
    (
        "two primaries",
        _containers(container(primary=True), container(name="b", primary=True)),
        "spec.containerGroups.0.containers.1.primary",
    ),
    (
        "no primary among several",
        _containers(container(), container(name="b")),
        "spec.containerGroups.0.containers",
    ),
    (
        "missing imageUri",
        _containers({"name": "a", "port": 8080}),
        "spec.containerGroups.0.containers.0.imageUri",
    ),
    (
        "zero cpu",
        _containers(container(resourceRequest={"cpu": 0, "memory": 1})),
        "spec.containerGroups.0.containers.0.resourceRequest.cpu",
    ),
    (
        "zero memory",
        _containers(container(resourceRequest={"cpu": 1, "memory": 0})),
        "spec.containerGroups.0.containers.0.resourceRequest.memory",
    ),
    (
        "negative gpu",
        _containers(container(resourceRequest={"cpu": 0.5, "memory": 1, "gpu": -1})),
        "spec.containerGroups.0.containers.0.resourceRequest.gpu",
    ),
    (
        "probe path without slash",
        _containers(container(readinessProbe={"path": "health"})),
        "spec.containerGroups.0.containers.0.readinessProbe.path",
    ),
    (
        "probe scheme",
        _containers(container(livenessProbe={"path": "/", "scheme": "FTP"})),
        "spec.containerGroups.0.containers.0.livenessProbe.scheme",
    ),
    (
        "probe port",
        _containers(container(startupProbe={"path": "/", "port": 0})),
        "spec.containerGroups.0.containers.0.startupProbe.port",
    ),
    (
        "probe period",
        _containers(container(readinessProbe={"path": "/", "periodSeconds": 0})),
        "spec.containerGroups.0.containers.0.readinessProbe.periodSeconds",
    ),
    (
        "probe delay",
        _containers(container(readinessProbe={"path": "/", "initialDelaySeconds": -1})),
        "spec.containerGroups.0.containers.0.readinessProbe.initialDelaySeconds",
    ),
    (
        "probe threshold",
        _containers(container(readinessProbe={"path": "/", "failureThreshold": 0})),
        "spec.containerGroups.0.containers.0.readinessProbe.failureThreshold",
    ),
    (
        "env var without value",
        _containers(container(environmentVars=[{"name": "A"}])),
        "spec.containerGroups.0.containers.0.environmentVars.0.value",
    ),
    (
        "entrypoint item not a string",
        _containers(container(entrypoint=["python", 1])),
        "spec.containerGroups.0.containers.0.entrypoint.1",
    ),
    (
        "null inside a list",
        _containers(container(entrypoint=[None])),
        "spec.containerGroups.0.containers.0.entrypoint.0",
    ),
]


@pytest.mark.parametrize(
    ("body", "field"), [case[1:] for case in INVALID_BODIES], ids=[c[0] for c in INVALID_BODIES]
)
def test_create_rejects_invalid_values(api: Api, body: dict[str, Any], field: str) -> None:
    expect_error(api.post(COLLECTION, json=body), 422, field=field)
    assert api.get(COLLECTION).json()["totalCount"] == 0


def test_all_errors_are_reported_together(api: Api) -> None:
    body = {"name": "", "spec": spec(container(port=1)), "extra": True}
    errors = expect_error(api.post(COLLECTION, json=body), 422)["errors"]
    assert {"name", "extra", "spec.containerGroups.0.containers.0.port"} <= set(errors)
    assert errors["extra"] == "unknown field"


SYNTAX_ERRORS = [
    ("malformed", b'{"name": '),
    ("empty", b""),
    ("whitespace", b"   "),
    ("array", b"[]"),
    ("string", b'"text"'),
    ("number", b"3"),
    ("null", b"null"),
    ("nan", b'{"name": NaN}'),
    ("not utf-8", b'{"name": "\xff"}'),
]


@pytest.mark.parametrize("raw", [c[1] for c in SYNTAX_ERRORS], ids=[c[0] for c in SYNTAX_ERRORS])
def test_body_syntax_errors_are_400(api: Api, raw: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    expect_error(api.post(COLLECTION, content=raw, headers=headers), 400)


def test_get_unknown_malformed_and_deleted_are_404(api: Api) -> None:
    expect_error(api.get(item("0" * 24)), 404)
    expect_error(api.get(item("not-an-id")), 404)
    artifact = api.artifact()
    assert api.delete(item(artifact["id"])).status_code == 204
    expect_error(api.get(item(artifact["id"])), 404)
    expect_error(api.delete(item(artifact["id"])), 404)


def test_put_replaces_draft(api: Api, timed_api: Api, clock: FakeClock) -> None:
    artifact = timed_api.artifact(description="old")
    clock.advance(1)
    body = artifact_body(name="renamed", spec=spec(container(imageUri="new:2")))
    replaced = timed_api.put(item(artifact["id"]), json=body)
    assert replaced.status_code == 200, replaced.text
    doc = replaced.json()
    assert doc["name"] == "renamed"
    assert doc["description"] is None  # PUT replaces: an absent field is cleared
    assert doc["spec"]["containerGroups"][0]["containers"][0]["imageUri"] == "new:2"
    assert doc["updatedAt"] > artifact["updatedAt"]
    assert doc["createdAt"] == artifact["createdAt"]
    assert timed_api.get(item(artifact["id"])).json() == doc


def test_put_with_same_values_keeps_updated_at(timed_api: Api, clock: FakeClock) -> None:
    artifact = timed_api.artifact()
    clock.advance(5)
    same = timed_api.put(item(artifact["id"]), json=artifact_body()).json()
    assert same["updatedAt"] == artifact["updatedAt"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (artifact_body(status="draft"), "status"),
        (artifact_body(status="registered"), "status"),
        ({"name": "x"}, "spec"),
        (artifact_body(version=3), "version"),
    ],
)
def test_put_rejects_invalid_bodies(api: Api, body: dict[str, Any], field: str) -> None:
    artifact = api.artifact()
    expect_error(api.put(item(artifact["id"]), json=body), 422, field=field)
    assert api.get(item(artifact["id"])).json() == artifact


def test_put_on_registered_is_409_even_with_a_bad_body(api: Api) -> None:
    artifact = api.artifact(status="registered")
    expect_error(api.put(item(artifact["id"]), json=artifact_body()), 409)
    expect_error(api.put(item(artifact["id"]), json={"bogus": 1}), 409)
    expect_error(api.put(item(artifact["id"]), content=b"{oops"), 400)


def test_patch_draft_metadata(api: Api) -> None:
    artifact = api.artifact(description="d")
    renamed = api.patch(item(artifact["id"]), json={"name": "n2"}).json()
    assert renamed["name"] == "n2" and renamed["description"] == "d"
    cleared = api.patch(item(artifact["id"]), json={"description": None}).json()
    assert cleared["description"] is None and cleared["name"] == "n2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"spec": spec()}, "spec"),
        ({"type": "service"}, "type"),
        ({"status": "retired"}, "status"),
        ({"version": 2}, "version"),
    ],
)
def test_patch_draft_rejects(api: Api, body: dict[str, Any], field: str) -> None:
    artifact = api.artifact()
    expect_error(api.patch(item(artifact["id"]), json=body), 422, field=field)
    assert api.get(item(artifact["id"])).json() == artifact


def test_register_is_one_way_and_idempotent(timed_api: Api, clock: FakeClock) -> None:
    artifact = timed_api.artifact()
    clock.advance(1)
    registered = timed_api.patch(item(artifact["id"]), json={"status": "registered"}).json()
    assert registered["status"] == "registered" and registered["version"] == 1
    assert registered["registeredAt"] == registered["updatedAt"] > artifact["updatedAt"]
    clock.advance(1)
    again = timed_api.patch(item(artifact["id"]), json={"status": "registered"})
    assert again.status_code == 200
    assert again.json() == registered
    expect_error(timed_api.patch(item(artifact["id"]), json={"status": "draft"}), 409)


@pytest.mark.parametrize(
    "body",
    [
        {"spec": spec()},
        {"type": "service"},
        {"status": "draft"},
        {"status": "draft", "name": ""},
        {"spec": "not even a spec"},
    ],
)
def test_patch_registered_state_rules_are_409(api: Api, body: dict[str, Any]) -> None:
    artifact = api.artifact(status="registered")
    expect_error(api.patch(item(artifact["id"]), json=body), 409)
    assert api.get(item(artifact["id"])).json() == artifact


def test_patch_registered_metadata_keeps_version(api: Api) -> None:
    artifact = api.artifact(status="registered")
    patched = api.patch(item(artifact["id"]), json={"name": "renamed", "description": "x"})
    assert patched.status_code == 200
    assert patched.json()["version"] == 1 and patched.json()["name"] == "renamed"
    expect_error(api.patch(item(artifact["id"]), json={"name": ""}), 422, field="name")


def test_versions_are_never_reused(api: Api) -> None:
    first = api.artifact(name="model", status="registered")
    assert first["version"] == 1
    assert api.delete(item(first["id"])).status_code == 204
    second = api.artifact(name="model")
    registered = api.patch(item(second["id"]), json={"status": "registered"}).json()
    assert registered["version"] == 2
    third = api.artifact(name="model", status="registered")
    assert third["version"] == 3
    other_name = api.artifact(name="other", status="registered")
    assert other_name["version"] == 1
    bobs = api.as_token(BOB).artifact(name="model", status="registered")
    assert bobs["version"] == 1


def test_rename_keeps_version_and_counts_under_registered_name(api: Api) -> None:
    first = api.artifact(name="a", status="registered")
    renamed = api.patch(item(first["id"]), json={"name": "b"}).json()
    assert renamed["version"] == 1
    assert api.artifact(name="a", status="registered")["version"] == 2
    assert api.artifact(name="b", status="registered")["version"] == 1


def test_register_after_rename_in_same_patch_uses_new_name(api: Api) -> None:
    api.artifact(name="x", status="registered")
    draft = api.artifact(name="y")
    both = api.patch(item(draft["id"]), json={"name": "x", "status": "registered"}).json()
    assert both["version"] == 2


def test_delete_is_refused_while_a_workload_uses_it(api: Api) -> None:
    artifact = api.artifact()
    workload = api.workload(artifact["id"])
    expect_error(api.delete(item(artifact["id"])), 409)
    api.post(f"/console/workloads/{workload['id']}/stop")
    expect_error(api.delete(item(artifact["id"])), 409)
    assert api.delete(f"/console/workloads/{workload['id']}/").status_code == 204
    assert api.delete(item(artifact["id"])).status_code == 204


def test_deleted_artifacts_leave_lists(api: Api) -> None:
    keep, gone = api.artifact(name="keep"), api.artifact(name="gone")
    api.delete(item(gone["id"]))
    listed = api.get(COLLECTION).json()
    assert [a["id"] for a in listed["data"]] == [keep["id"]]


def test_pathological_bodies_are_400(api: Api) -> None:
    deep = b'{"name": ' + b"[" * 500 + b"]" * 500 + b"}"
    expect_error(api.post(COLLECTION, content=deep), 400)
    very_deep = b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    expect_error(api.post(COLLECTION, content=very_deep), 400)
    expect_error(api.post(COLLECTION, content=b'{"name": "\\ud800", "spec": {}}'), 400)
    assert api.post(COLLECTION, json=artifact_body(name="emoji \U0001f600")).status_code == 201
