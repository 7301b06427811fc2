"""Current dialect: artifacts and repositories (docs/current-dialect.md, semantics 2-6)."""

from __future__ import annotations

from tests.server.helpers import (
    Api,
    container,
    current_artifact,
    current_artifact_body,
    current_workload,
    expect_detail,
    spec,
)

MISSING = "0123456789abcdef01234567"


def test_2_create_opens_a_repository_and_answers_an_unversioned_draft(api: Api) -> None:
    response = api.post("/artifacts/", json=current_artifact_body())
    assert response.status_code == 201, response.text
    artifact = response.json()
    assert artifact["status"] == "draft" and artifact["version"] is None
    assert artifact["artifactRepositoryId"]
    assert response.headers["Location"].endswith(f"/api/v2/artifacts/{artifact['id']}")
    repository = api.get(f"/artifactRepositories/{artifact['artifactRepositoryId']}").json()
    assert repository["name"] == "my-artifact"
    assert repository["lastVersionNumber"] == 0 and repository["numArtifacts"] == 1
    unknown = api.post("/artifacts/", json=current_artifact_body(artifactRepositoryId=MISSING))
    expect_detail(unknown, 404)


def test_3_locking_a_draft_assigns_the_repositorys_next_version(api: Api) -> None:
    first = current_artifact(api)
    repository_id = first["artifactRepositoryId"]
    locked = api.patch(f"/artifacts/{first['id']}", json={"status": "locked"})
    assert locked.status_code == 200, locked.text
    assert (locked.json()["status"], locked.json()["version"]) == ("locked", 1)
    assert locked.json()["id"] == first["id"]
    second = current_artifact(api, artifactRepositoryId=repository_id)
    assert second["version"] is None
    assert api.patch(f"/artifacts/{second['id']}", json={"status": "locked"}).json()["version"] == 2
    # Locked at creation takes a version too.
    third = current_artifact(api, artifactRepositoryId=repository_id, status="locked")
    assert third["version"] == 3
    repository = api.get(f"/artifactRepositories/{repository_id}").json()
    assert repository["lastVersionNumber"] == 3 and repository["numArtifacts"] == 3


def test_4_a_locked_artifact_refuses_every_edit_with_403_and_stays_as_it_was(api: Api) -> None:
    artifact = current_artifact(api, status="locked")
    path = f"/artifacts/{artifact['id']}"
    expect_detail(api.patch(path, json={"status": "locked"}), 403)
    expect_detail(api.patch(path, json={"name": "renamed"}), 403)
    expect_detail(api.patch(path, json={"description": "x"}), 403)
    expect_detail(api.patch(path, json={"status": "draft"}), 403)
    changed = spec(container(imageUri="registry.example/app:2"))
    expect_detail(api.patch(path, json={"spec": changed}), 403)
    expect_detail(api.put(path, json=current_artifact_body(spec=changed)), 403)
    assert api.get(path).json() == artifact


def test_5_a_draft_takes_spec_in_patch_and_put_and_keeps_its_id(api: Api) -> None:
    artifact = current_artifact(api)
    path = f"/artifacts/{artifact['id']}"
    patched = api.patch(path, json={"spec": spec(container(imageUri="registry.example/app:2"))})
    assert patched.status_code == 200, patched.text
    assert patched.json()["id"] == artifact["id"]
    image = patched.json()["spec"]["containerGroups"][0]["containers"][0]["imageUri"]
    assert image == "registry.example/app:2"
    body = current_artifact_body(name="renamed", spec=spec(container(imageUri="r/app:3")))
    replaced = api.put(path, json=body)
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["id"], replaced.json()["name"]) == (artifact["id"], "renamed")
    assert replaced.json()["status"] == "draft" and replaced.json()["version"] is None


def test_6_delete_answers_409_for_locked_or_used_artifacts_else_204_then_404(api: Api) -> None:
    locked = current_artifact(api, status="locked")
    expect_detail(api.delete(f"/artifacts/{locked['id']}"), 409)
    used = current_artifact(api)
    workload = current_workload(api, used["id"])
    conflict = expect_detail(api.delete(f"/artifacts/{used['id']}"), 409)
    assert workload["id"] in conflict
    free = current_artifact(api)
    assert api.delete(f"/artifacts/{free['id']}").status_code == 204
    expect_detail(api.get(f"/artifacts/{free['id']}"), 404)
    assert api.get(f"/artifacts/{locked['id']}").status_code == 200


def test_repository_delete_takes_its_artifacts_but_not_while_one_is_used(api: Api) -> None:
    locked = current_artifact(api, status="locked")
    repository = f"/artifactRepositories/{locked['artifactRepositoryId']}"
    workload = current_workload(api, locked["id"])
    expect_detail(api.delete(repository), 409)
    assert api.delete(f"/workloads/{workload['id']}").status_code == 204
    assert api.delete(repository).status_code == 204
    expect_detail(api.get(repository), 404)
    expect_detail(api.get(f"/artifacts/{locked['id']}"), 404)


def test_repository_keeps_its_type_and_clone_stays_in_it(api: Api) -> None:
    artifact = current_artifact(api, status="locked")
    other_type = current_artifact_body(
        type="nim", artifactRepositoryId=artifact["artifactRepositoryId"]
    )
    expect_detail(
        api.post("/artifacts/", json=other_type), 422, loc=["body", "artifactRepositoryId"]
    )
    clone = api.post(f"/artifacts/{artifact['id']}/clone", json={"name": "copy"})
    assert clone.status_code == 200, clone.text
    copy = clone.json()
    assert copy["id"] != artifact["id"] and copy["status"] == "draft" and copy["version"] is None
    assert copy["artifactRepositoryId"] == artifact["artifactRepositoryId"]
    assert copy["spec"] == artifact["spec"]


def test_spec_rules_name_the_field(api: Api) -> None:
    two = spec(container(name="a"), container(name="b"))
    expect_detail(
        api.post("/artifacts/", json=current_artifact_body(spec=two)),
        422,
        loc=["body", "spec", "containerGroups", 0, "containers"],
    )
    sidecar_port = spec(container(name="a", primary=True), container(name="b", port=9000))
    expect_detail(
        api.post("/artifacts/", json=current_artifact_body(spec=sidecar_port)),
        422,
        loc=["body", "spec", "containerGroups", 0, "containers", 1, "port"],
    )
    no_port = spec({"name": "a", "imageUri": "r/a:1"})
    expect_detail(
        api.post("/artifacts/", json=current_artifact_body(spec=no_port)),
        422,
        loc=["body", "spec", "containerGroups", 0, "containers", 0, "port"],
    )
    built = spec({"name": "a", "port": 8080, "imageBuildConfig": {"dockerfile": "generated"}})
    draft = current_artifact(api, spec=built)
    expect_detail(
        api.patch(f"/artifacts/{draft['id']}", json={"status": "locked"}),
        422,
        loc=["body", "spec", "containerGroups", 0, "containers", 0, "imageUri"],
    )
