"""The current dialect against a DataRobot that answers open questions the other way
(docs/current-dialect.md, "When DataRobot answers the other way"), with the real engine:
the server's `/__test__/variants` switches the answer, and each step asserts the plan,
the state and the API.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pulumi import automation as auto
from pulumi_datarobot_workloads import Artifact, Workload

from tests.e2e.current_support import (
    ARTIFACTS,
    WORKLOADS,
    app_spec,
    chain,
    current_stack,
    iter_state,
    listed,
)
from tests.support.server import ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e


@pytest.fixture
def variants(engine_bin: Path, server: ServerControls) -> Iterator[ServerControls]:
    """The session's server, its switches cleared after the test."""
    yield server
    server.clear_variants()


def test_a_delete_the_api_answers_before_the_workload_is_gone_is_waited_for(
    api_server: ServerHandle, variants: ServerControls, tmp_path: Path
) -> None:
    """DELETE answers 202 and the workload stays readable (its artifact in use) for a
    while: destroy waits for the 404, then deletes the artifact (which the API refuses
    while the workload stands)."""
    stack = current_stack(tmp_path, api_server.base_url, "variant-delete")
    program = chain("vdel", "one", status="locked")
    stack.up(program)
    (workload_id,) = stack.ids(":Workload")
    (artifact_id,) = stack.ids(":Artifact")
    variants.set_variants(deleteSeconds=0.5)

    stack.destroy()
    assert stack.ids(":Workload") == stack.ids(":Artifact") == []
    assert variants.status_of(WORKLOADS, workload_id) == 404
    assert variants.status_of(ARTIFACTS, artifact_id) == 404

    assert stack.preview(program).changed() == {"artifact": "create", "workload": "create"}


def test_a_lock_that_answers_a_new_artifact_fails_clearly_and_a_replacement_records_it(
    api_server: ServerHandle, variants: ServerControls, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, api_server.base_url, "variant-lock")
    stack.up(chain("vlck", "one", status="draft"))
    (draft_id,) = stack.ids(":Artifact")
    variants.set_variants(lockGivesNewId=True)

    locked_program = chain("vlck", "one", status="locked")
    with pytest.raises(auto.CommandError) as failed:
        stack.up(locked_program)
    (made,) = [a for a in listed(variants, ARTIFACTS, "vlck-") if a != draft_id]
    assert f"locking artifact {draft_id} made a new artifact {made}" in str(failed.value)
    assert "pulumi up --replace" in str(failed.value)
    # The state still holds the draft, as the API does; the plan still has to lock it.
    (artifact,) = iter_state(stack, ":Artifact")
    assert (artifact["id"], artifact["outputs"]["status"]) == (draft_id, "draft")
    assert variants.api("GET", f"artifacts/{draft_id}/").json()["status"] == "draft"
    assert stack.preview(locked_program).changed() == {"artifact": "update"}

    (workload,) = iter_state(stack, ":Workload")
    up = stack.up(locked_program, replace=[artifact["urn"], workload["urn"]])
    assert up.changed() == {"artifact": "replace", "workload": "replace"}
    (locked_id,) = stack.ids(":Artifact")
    assert locked_id not in (draft_id, made)
    live = variants.api("GET", f"artifacts/{locked_id}/").json()
    assert (live["status"], live["version"]) == ("locked", 2)
    (workload_id,) = stack.ids(":Workload")
    assert variants.api("GET", f"workloads/{workload_id}/").json()["artifactId"] == locked_id
    assert variants.status_of(ARTIFACTS, draft_id) == 404
    assert stack.preview(locked_program).changed() == {}

    stack.destroy()
    assert listed(variants, WORKLOADS, "vlck-") == listed(variants, ARTIFACTS, "vlck-") == []


def test_a_refusal_whose_items_say_path_and_message_names_the_field(
    api_server: ServerHandle, variants: ServerControls, tmp_path: Path
) -> None:
    """A 422 of the other item shape (`{path, message, code}`): `up` names the field the
    API refused, as it does for `{loc, msg, type}`."""
    stack = current_stack(tmp_path, api_server.base_url, "variant-422")
    variants.set_variants(validationItems="path")

    def program() -> None:
        artifact = Artifact("artifact", name="v422-artifact", status="locked", spec=app_spec("x"))
        # A bare artifact_id: the provider cannot know its containers, the API can.
        sized = {"name": "nope", "resource_allocation": {"cpu": 1}}
        Workload(
            "workload",
            name="v422-workload",
            artifact_id=artifact.id,
            runtime={"containers": [sized]},
        )

    with pytest.raises(auto.CommandError) as failed:
        stack.up(program)
    assert "HTTP 422" in str(failed.value)
    assert "runtime.containerGroups.0.containers.0.name:" in str(failed.value)
    assert listed(variants, WORKLOADS, "v422-") == []
    stack.destroy()
    assert listed(variants, ARTIFACTS, "v422-") == []
