"""Artifact, end to end on the real engine, step by step: each step previews exactly what
its `up` then does (the diff table of docs/architecture.md)."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.client.settings import NO_TOKEN, TOKEN_CONFIG_KEY, TOKEN_ENV
from pulumi import automation as auto

from tests.conftest import StackFactory
from tests.e2e.programs import chain, spec
from tests.support.server import ServerControls
from tests.support.stacks import Program

pytestmark = pytest.mark.e2e
ARTIFACTS = "registry/artifacts"


def artifact_program(description: str, image: str, *, status: str = "registered") -> Program:
    """The artifact alone (no workload), as each step below declares it."""
    return chain(
        "art",
        with_workload=False,
        artifact={"description": description, "spec": spec(image), "status": status},
    )


def test_artifact_lifecycle(make_stack: StackFactory, server: ServerControls) -> None:
    stack = make_stack("artifact")

    # 1. Create: only creates; the API has it; then no changes, and refresh changes nothing.
    v1 = chain("art", with_workload=False)
    server.clear_requests()
    preview = stack.preview(v1)
    assert preview.changed() == {"artifact": "create"}
    assert server.total_requests() == 0, "preview must not call the API"
    up = stack.up(v1)
    assert up.changed() == {"artifact": "create"}
    artifact_id = up.outputs["artifact_id"]
    live = server.api("GET", f"{ARTIFACTS}/{artifact_id}/").json()
    assert live["status"] == "draft"
    assert live["spec"]["containerGroups"][0]["containers"][0]["imageUri"] == "registry.local/app:1"
    server.clear_requests()
    assert stack.preview(v1).changed() == {}
    assert server.total_requests() == 0
    refresh = stack.refresh()
    assert refresh.summary.get("update", 0) == 0
    assert server.request_counts() == {"GET /api/v2/registry/artifacts/{id}/": 1}
    assert stack.preview(v1).changed() == {}

    # 2. Read back: the API's view equals the state's outputs.
    state = next(r for r in stack.state_resources() if r.get("id") == artifact_id)
    assert state["outputs"]["name"] == live["name"]
    assert state["outputs"].get("version") is None
    assert state["outputs"]["created_at"] == live["createdAt"]

    # 3. Update in place (draft): description and spec; the ID stays.
    v2 = artifact_program("second", "registry.local/app:2", status="draft")
    assert stack.step(v2, {"artifact": "update"}).outputs["artifact_id"] == artifact_id
    live = server.api("GET", f"{ARTIFACTS}/{artifact_id}/").json()
    assert live["description"] == "second"
    assert live["spec"]["containerGroups"][0]["containers"][0]["imageUri"] == "registry.local/app:2"

    # Registration is an in-place update too, and gives version 1.
    up = stack.step(artifact_program("second", "registry.local/app:2"), {"artifact": "update"})
    assert up.outputs["artifact_id"] == artifact_id
    assert up.outputs["artifact_version"] == 1

    # Metadata of a registered artifact still updates in place.
    up = stack.step(artifact_program("third", "registry.local/app:2"), {"artifact": "update"})
    assert up.outputs["artifact_id"] == artifact_id

    # 4. Replace: the spec of a registered artifact; new ID, old one gone, next version.
    v5 = artifact_program("third", "registry.local/app:3")
    up = stack.step(v5, {"artifact": "replace"})
    new_id = up.outputs["artifact_id"]
    assert new_id != artifact_id
    assert up.outputs["artifact_version"] == 2
    assert server.status_of(ARTIFACTS, artifact_id) == 404
    assert stack.preview(v5).changed() == {}

    # 5. Drift: renamed out of band -> refresh sees it -> up puts it back.
    assert (
        server.api("PATCH", f"{ARTIFACTS}/{new_id}/", json={"name": "renamed"}).status_code == 200
    )
    stack.refresh()
    assert stack.preview(v5).changed() == {"artifact": "update"}
    stack.up(v5)
    assert server.api("GET", f"{ARTIFACTS}/{new_id}/").json()["name"] == "art-artifact"
    # Deleted out of band -> refresh drops it -> up creates it again.
    assert server.api("DELETE", f"{ARTIFACTS}/{new_id}/").status_code == 204
    stack.refresh()
    assert stack.ids("Artifact") == []
    up = stack.up(v5)
    assert up.changed() == {"artifact": "create"}
    recreated = up.outputs["artifact_id"]
    assert server.status_of(ARTIFACTS, recreated) == 200

    # 7. Destroy: everything created is gone.
    stack.destroy()
    assert server.status_of(ARTIFACTS, recreated) == 404


def test_invalid_artifact_or_missing_token_fails_at_preview_without_api_calls(
    make_stack: StackFactory, server: ServerControls
) -> None:
    stack = make_stack("artifact-invalid")
    bad = spec()
    bad["container_groups"][0]["containers"][0]["port"] = 80
    server.clear_requests()
    with pytest.raises(auto.CommandError) as info:
        stack.preview(chain("bad", with_workload=False, artifact={"spec": bad}))
    assert "spec.container_groups[0].containers[0].port" in str(info.value)
    assert "greater than or equal to 1024" in str(info.value)
    assert server.total_requests() == 0

    # No token in the stack config nor the environment: the preview of a valid program
    # fails, saying where to set one, rather than planning creates `up` could not make.
    stack.stack.remove_config(TOKEN_CONFIG_KEY)
    stack.stack.workspace.env_vars[TOKEN_ENV] = ""
    with pytest.raises(auto.CommandError) as info:
        stack.preview(chain("good", with_workload=False))
    shown = str(info.value)
    assert f"Artifact resource 'artifact' has a problem: {NO_TOKEN}" in shown
    assert "Traceback" not in shown and "to create" in shown
    assert server.total_requests() == 0
