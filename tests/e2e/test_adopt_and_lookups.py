"""Adopting objects made outside Pulumi (`adopt_id`), and the lookup functions."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from pulumi_datarobot_workloads import (
    Artifact,
    Deployment,
    Workload,
    get_artifact,
    get_deployment,
    get_deployment_stats,
    get_workload,
    list_artifacts,
)

from tests.conftest import StackFactory
from tests.e2e.programs import spec
from tests.support.server import ServerControls

pytestmark = pytest.mark.e2e
WIRE_SPEC = {
    "containerGroups": [
        {
            "name": "default",
            "containers": [
                {
                    "name": "app",
                    "imageUri": "registry.local/app:1",
                    "port": 8080,
                    "environmentVars": [{"name": "VERSION", "value": "v1"}],
                    "resourceRequest": {"cpu": 0.5, "memory": 536870912},
                    "readinessProbe": {"path": "/healthz", "port": 8080},
                }
            ],
        }
    ]
}


def made_outside(server: ServerControls, name: str) -> dict[str, Any]:
    """A chain created with the API directly, as a team had it before using Pulumi."""
    artifact = server.api(
        "POST",
        "registry/artifacts/",
        json={"name": name, "status": "registered", "spec": WIRE_SPEC},
    ).json()
    workload = server.api(
        "POST", "console/workloads/", json={"name": f"{name}-wl", "artifactId": artifact["id"]}
    ).json()
    deployment = server.api(
        "POST",
        "console/deployments/",
        json={"name": f"{name}-dep", "workloadId": workload["id"], "importance": "low"},
    ).json()
    return {
        "artifact": artifact["id"],
        "version": artifact["version"],
        "workload": workload["id"],
        "deployment": deployment["id"],
    }


def test_adopt_an_existing_chain(make_stack: StackFactory, server: ServerControls) -> None:
    ids = made_outside(server, "legacy")

    def program(importance: str = "high", image: str = "registry.local/app:1") -> Any:
        def run() -> None:
            a = Artifact(
                "artifact",
                name="legacy",
                status="registered",
                spec=spec(image),
                adopt_id=ids["artifact"],
            )
            w = Workload("workload", name="legacy-wl", artifact=a, adopt_id=ids["workload"])
            d = Deployment(
                "deployment",
                name="legacy-dep",
                workload=w,
                importance=importance,
                adopt_id=ids["deployment"],
            )
            pulumi.export("ids", [a.id, w.id, d.id])

        return run

    stack = make_stack("adopt")
    up = stack.up(program())
    assert up.outputs["ids"] == [ids["artifact"], ids["workload"], ids["deployment"]]
    # Adoption converged what may change in place.
    live = server.api("GET", f"console/deployments/{ids['deployment']}/").json()
    assert live["importance"] == "high"
    assert stack.preview(program()).changed() == {}
    # From now on they are managed: an update in place, then destroy removes them.
    assert stack.preview(program("critical")).changed() == {"deployment": "update"}
    stack.destroy()
    for collection, key in [
        ("console/deployments", "deployment"),
        ("console/workloads", "workload"),
        ("registry/artifacts", "artifact"),
    ]:
        assert server.status_of(collection, ids[key]) == 404


def test_adopting_a_registered_artifact_with_another_spec_is_refused(
    make_stack: StackFactory, server: ServerControls
) -> None:
    ids = made_outside(server, "legacy-refused")

    def program() -> None:
        Artifact(
            "artifact",
            name="legacy",
            status="registered",
            spec=spec("registry.local/app:2"),
            adopt_id=ids["artifact"],
        )

    stack = make_stack("adopt-refused")
    with pytest.raises(auto.CommandError) as info:
        stack.up(program)
    assert "registered (immutable) and its spec differs" in str(info.value)
    # Nothing was changed and nothing was adopted.
    assert stack.ids("Artifact") == []
    live = server.api("GET", f"registry/artifacts/{ids['artifact']}/").json()
    assert live["spec"]["containerGroups"][0]["containers"][0]["imageUri"] == "registry.local/app:1"


def test_lookups_from_a_program(make_stack: StackFactory, server: ServerControls) -> None:
    ids = made_outside(server, "looked-up")
    server.api("GET", f"endpoints/deployments/{ids['deployment']}/ping")

    def program() -> None:
        by_version = get_artifact(name="looked-up", version=ids["version"])
        latest = get_artifact(name="looked-up", latest_registered=True)
        pulumi.export("by_version", by_version.id)
        pulumi.export("latest", latest.id)
        pulumi.export("by_id_status", get_artifact(ids["artifact"]).status)
        pulumi.export("workload", get_workload(name="looked-up-wl").id)
        pulumi.export("deployment", get_deployment(ids["deployment"]).workload_id)
        pulumi.export("listed", [a.id for a in list_artifacts("looked-up")])
        pulumi.export(
            "requests", get_deployment_stats(ids["deployment"])["metrics"]["totalRequests"]
        )

    stack = make_stack("lookups")
    outputs = stack.up(program).outputs
    assert outputs["by_version"] == ids["artifact"]
    assert outputs["latest"] == ids["artifact"]
    assert outputs["by_id_status"] == "registered"
    assert outputs["workload"] == ids["workload"]
    assert outputs["deployment"] == ids["workload"]
    assert ids["artifact"] in outputs["listed"]
    assert outputs["requests"] >= 1


def test_an_artifact_from_another_stack_keeps_the_registered_guard(
    make_stack: StackFactory, server: ServerControls
) -> None:
    """Promotion by StackReference: prod reads the artifact ID from dev's outputs, looks it
    up, and passes the `Output[ArtifactInfo]` as `artifact=`, so the guard sees its status
    at preview, without prod owning (or being able to change) the artifact."""
    ids = made_outside(server, "referenced")
    draft = server.api(
        "POST", "registry/artifacts/", json={"name": "referenced-draft", "spec": WIRE_SPEC}
    ).json()
    dev = make_stack("dev-ref")

    def dev_program() -> None:
        pulumi.export("release", ids["artifact"])
        pulumi.export("work_in_progress", draft["id"])

    dev.up(dev_program)

    def prod(output: str) -> Any:
        def run() -> None:
            dev_stack = pulumi.StackReference("organization/e2e/dev-ref")
            info = dev_stack.get_output(output).apply(lambda i: get_artifact(i))
            Workload("workload", artifact=info, require_registered_artifact=True)

        return run

    prod_stack = make_stack("prod-ref")
    assert prod_stack.preview(prod("release")).changed() == {"workload": "create"}
    prod_stack.up(prod("release"))
    (workload_id,) = prod_stack.ids("Workload")
    live = server.api("GET", f"console/workloads/{workload_id}/").json()
    assert live["artifactId"] == ids["artifact"]
    assert prod_stack.preview(prod("release")).changed() == {}
    # Pointing prod at dev's draft is refused at preview, naming the artifact. (Last: a
    # failed inline preview leaves Pulumi's in-process runtime winding down.)
    with pytest.raises(auto.CommandError) as refused:
        prod_stack.preview(prod("work_in_progress"))
    assert f"artifact {draft['id']} is draft" in str(refused.value)
    assert "requires registered artifacts" in str(refused.value)
    prod_stack.destroy()
