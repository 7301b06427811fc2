"""Program versions for the step tests: small builders so each step reads as a diff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
from pulumi_datarobot_workloads import Artifact, Deployment, Workload


def spec(
    image: str = "registry.local/app:1", *, port: int = 8080, env: str = "v1"
) -> dict[str, Any]:
    return {
        "container_groups": [
            {
                "containers": [
                    {
                        "name": "app",
                        "image_uri": image,
                        "port": port,
                        "environment_vars": [{"name": "VERSION", "value": env}],
                        "resource_request": {"cpu": 0.5, "memory": 536870912},
                        "readiness_probe": {"path": "/healthz", "port": port},
                    }
                ]
            }
        ]
    }


def chain(
    prefix: str,
    *,
    artifact: dict[str, Any] | None = None,
    workload: dict[str, Any] | None = None,
    deployment: dict[str, Any] | None = None,
    with_workload: bool = True,
    with_deployment: bool = True,
) -> Callable[[], None]:
    """An artifact, optionally its workload and deployment, with per-step overrides."""

    def program() -> None:
        a_args: dict[str, Any] = {"name": f"{prefix}-artifact", "spec": spec()}
        a_args.update(artifact or {})
        a = Artifact("artifact", **a_args)
        pulumi.export("artifact_id", a.id)
        pulumi.export("artifact_version", a.version)
        pulumi.export("artifact_revision", a.spec_revision)
        if not with_workload:
            return
        w_args: dict[str, Any] = {"name": f"{prefix}-workload", "artifact": a}
        w_args.update(workload or {})
        w = Workload("workload", **w_args)
        pulumi.export("workload_id", w.id)
        pulumi.export("workload_status", w.status)
        pulumi.export("workload_endpoint", w.endpoint)
        if not with_deployment:
            return
        d_args: dict[str, Any] = {"name": f"{prefix}-deployment", "workload": w}
        d_args.update(deployment or {})
        d = Deployment("deployment", **d_args)
        pulumi.export("deployment_id", d.id)
        pulumi.export("deployment_endpoint", d.endpoint)

    return program
