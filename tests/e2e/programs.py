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


class Team(pulumi.ComponentResource):
    """A platform team's folder of services: the parent a fleet's resources sit under."""

    def __init__(self, name: str) -> None:
        super().__init__("platform:fleet:Team", name, None, None)


def fleet_services(count: int, teams: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Service configs the way a platform team keeps them: one dict, looped over."""
    services: dict[str, dict[str, Any]] = {}
    for i in range(count):
        team = teams[i % len(teams)]
        services[f"svc-{i:03d}_{team}"] = {
            "team": team,
            "replicas": 1 + i % 2,
            "expose": i % 4 == 0,
        }
    return services


AUTOSCALING = {
    "enabled": True,
    "policies": [
        {"scaling_metric": "cpuAverageUtilization", "target": 70, "min_count": 2, "max_count": 4}
    ],
}


def fleet(
    count: int,
    *,
    image: str = "registry.local/base:1",
    teams: tuple[str, ...] = ("team-a_1", "b_2"),
    current: bool = False,
) -> Callable[[], None]:
    """ONE registered artifact shared by `count` workloads under one component per team,
    every fourth exposed by a deployment; stack config `replicas` (a dict of service name
    to replica count) overrides a service's replicas, as a user scales one service.
    `current`: for the current dialect, every workload autoscales and the exposed ones
    export their own invoke URL (that dialect has no deployments)."""

    def program() -> None:
        overrides: dict[str, int] = pulumi.Config().get_object("replicas") or {}  # type: ignore[assignment]
        parents = {team: Team(team) for team in teams}
        shared = Artifact("shared_base-image", status="registered", spec=spec(image))
        urls: dict[str, pulumi.Output[str]] = {}
        for key, service in fleet_services(count, teams).items():
            replicas = overrides.get(key, service["replicas"])
            opts = pulumi.ResourceOptions(parent=parents[service["team"]])
            runtime: dict[str, Any] = {"replica_count": replicas}
            if current:
                runtime["autoscaling"] = AUTOSCALING
            workload = Workload(key, artifact=shared, runtime=runtime, opts=opts)
            if service["expose"] and current:
                urls[key] = workload.invoke_url.apply(str)
            elif service["expose"]:
                urls[key] = Deployment(f"{key}-dep", workload=workload, opts=opts).endpoint
        pulumi.export("artifact_id", shared.id)
        pulumi.export("invoke_urls", urls)

    return program
