"""Pulumi's resource options on these resources, as a team writes them when it reorganizes
a stack: aliases into a component and to a new name, `ignore_changes` of an input edited
outside, `replace_on_changes`, and `import_` of an object made outside Pulumi, then
replaced."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi_datarobot_workloads import Artifact, Workload

from tests.conftest import StackFactory
from tests.e2e.programs import spec
from tests.support.server import ServerControls
from tests.support.stacks import StackSteps

pytestmark = pytest.mark.e2e
WORKLOADS = "console/workloads"
ARTIFACTS = "registry/artifacts"


class Squad(pulumi.ComponentResource):
    """The component a reorganized stack moves its resources into."""

    def __init__(self, name: str) -> None:
        super().__init__("qa:squad:Squad", name, None, None)


def squad_program(
    *,
    moved: bool = False,
    description: str = "first",
    ignore: tuple[str, ...] = (),
    imported: dict[str, Any] | None = None,
    workload: dict[str, Any] | None = None,
) -> Any:
    """A registered artifact and its workload, both named by the SDK (no `name`). `moved`:
    under a `Squad`, the workload renamed, each aliased to where it was. `imported`: one
    more workload taken from the API by `import_`. `workload`: the workload's inputs and
    options (`replace_on_changes`)."""

    def run() -> None:
        parent = Squad("squad") if moved else None
        home = [pulumi.Alias(parent=pulumi.ROOT_STACK_RESOURCE)] if moved else []
        a = Artifact(
            "blueprint",
            status="registered",
            description=description,
            spec=spec(),
            opts=pulumi.ResourceOptions(parent=parent, aliases=home, ignore_changes=list(ignore)),
        )
        runner_aliases = [pulumi.Alias(name="runner", parent=pulumi.ROOT_STACK_RESOURCE)]
        extra = dict(workload or {})
        w = Workload(
            "engine" if moved else "runner",
            artifact=a,
            opts=pulumi.ResourceOptions(
                parent=parent,
                aliases=runner_aliases if moved else [],
                replace_on_changes=extra.pop("replace_on_changes", None),
            ),
            **extra,
        )
        pulumi.export("artifact_id", a.id)
        pulumi.export("workload_id", w.id)
        if imported is not None:
            outside = Workload(
                "outsider",
                name="outsider",
                artifact_id=a.id,
                runtime={"replica_count": imported["replicas"]},
                opts=pulumi.ResourceOptions(import_=imported["id"]),
            )
            pulumi.export("outsider_id", outside.id)

    return run


def urn_names(stack: StackSteps) -> dict[str, str]:
    """Resource name -> its parent's type (the stack, or the component)."""
    return {
        r["urn"].rsplit("::", 1)[-1]: r["urn"].split("::")[2].rsplit("$", 1)[0]
        for r in stack.state_resources()
        if r["type"].endswith((":Artifact", ":Workload"))
    }


def test_aliases_ignore_changes_and_import(
    make_stack: StackFactory, server: ServerControls
) -> None:
    stack = make_stack("options")
    up = stack.up(squad_program())
    artifact_id, workload_id = up.outputs["artifact_id"], up.outputs["workload_id"]
    names = {
        "artifact": server.api("GET", f"{ARTIFACTS}/{artifact_id}/").json()["name"],
        "workload": server.api("GET", f"{WORKLOADS}/{workload_id}/").json()["name"],
    }

    # 1. Into a component, the workload renamed, both aliased: the SDK's derived names
    #    would change with the URN, yet the objects keep theirs; no update, no replacement,
    #    no API call in the preview, no write in the up.
    server.clear_requests()
    moved = squad_program(moved=True)
    assert stack.preview(moved).changed() == {"squad": "create"}
    assert server.total_requests() == 0
    assert stack.up(moved).changed() == {"squad": "create"}
    assert server.writes() == 0
    assert urn_names(stack) == {
        "blueprint": "qa:squad:Squad",
        "engine": "qa:squad:Squad",
    }
    assert stack.outputs()["workload_id"] == workload_id
    assert server.api("GET", f"{WORKLOADS}/{workload_id}/").json()["name"] == names["workload"]
    assert server.api("GET", f"{ARTIFACTS}/{artifact_id}/").json()["name"] == names["artifact"]

    # 2. ignore_changes on the description, edited outside and accepted by a refresh: the
    #    program's own value is ignored, and the next up does not put the old one back.
    edited = server.api(
        "PATCH", f"{ARTIFACTS}/{artifact_id}/", json={"description": "edited outside"}
    )
    assert edited.status_code == 200
    stack.refresh()
    ignoring = squad_program(moved=True, description="second", ignore=("description",))
    server.clear_requests()
    assert stack.up(ignoring).changed() == {}
    assert server.writes() == 0
    live = server.api("GET", f"{ARTIFACTS}/{artifact_id}/").json()
    assert live["description"] == "edited outside"

    # 3. replace_on_changes makes a stop (an update in place) a replacement.
    server.clear_requests()
    stop = {"desired_status": "stopped"}
    assert stack.preview(
        squad_program(moved=True, ignore=("description",), workload=stop)
    ).changed() == {"engine": "update"}
    forced = squad_program(
        moved=True,
        ignore=("description",),
        workload={**stop, "replace_on_changes": ["desired_status"]},
    )
    assert stack.preview(forced).changed() == {"engine": "replace"}
    assert server.total_requests() == 0

    # 4. import_ of a workload made with the API: taken over at its create without a
    #    write, then nothing to change while the program matches it.
    made = server.api(
        "POST",
        f"{WORKLOADS}/",
        json={"name": "outsider", "artifactId": artifact_id, "runtime": {"replicaCount": 1}},
    ).json()
    importing = squad_program(
        moved=True, ignore=("description",), imported={"id": made["id"], "replicas": 1}
    )
    server.clear_requests()
    assert stack.up(importing).changed() == {"outsider": "create"}
    assert server.writes() == 0
    assert stack.outputs()["outsider_id"] == made["id"]
    assert stack.preview(importing).changed() == {}

    # 5. `--replace` of it: the engine checks it once, without its olds, so its
    #    replacement takes the same workload over again; the original's delete keeps it.
    urn = next(r["urn"] for r in stack.state_resources() if r["urn"].endswith("::outsider"))
    server.clear_requests()
    forced_up = stack.up(importing, replace=[urn])
    assert forced_up.changed() == {"outsider": "replace"}
    assert server.writes() == 0
    assert stack.outputs()["outsider_id"] == made["id"]
    assert any("is kept" in line for line in forced_up.diagnostics)

    # 6. A change that replaces it (the older API cannot change a runtime) makes a new
    #    workload and deletes the imported one: the replacement does not take over the
    #    object it replaces again (the state would then name a deleted workload).
    more = squad_program(
        moved=True, ignore=("description",), imported={"id": made["id"], "replicas": 2}
    )
    stack.up(more)
    replaced = stack.outputs()["outsider_id"]
    assert replaced != made["id"]
    assert server.status_of(WORKLOADS, made["id"]) == 404
    live = server.api("GET", f"{WORKLOADS}/{replaced}/").json()
    assert (live["status"], live["runtime"]["replicaCount"]) == ("running", 2)
    assert stack.preview(more).changed() == {}
