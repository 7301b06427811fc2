"""A catalogue of invalid programs, one per kind of mistake, for test_bad_input.py.

Each mistake is a small program with exactly one thing wrong (everything around it is
valid, so the failure can only come from that one thing), the property path that the
preview error must name, and a word of the reason. Programs may declare valid resources
beside the broken one (a workload needs an artifact); preview creates nothing, so a
rejected program must make no API call at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pulumi_datarobot_workloads import Artifact, Deployment, Workload

Program = Callable[[], None]
C0 = "spec.container_groups[0].containers[0]"
C1 = "spec.container_groups[0].containers[1]"


@dataclass(frozen=True)
class Mistake:
    name: str
    program: Program
    path: str
    reason: str
    core: bool = True  # part of the bounded run; the others run with RESILIENCE_LONG=1


def container(**overrides: Any) -> dict[str, Any]:
    """A valid primary container, with `overrides` (None removes a key)."""
    base: dict[str, Any] = {"name": "app", "image_uri": "registry.local/app:1", "port": 8080}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def spec(*containers: dict[str, Any]) -> dict[str, Any]:
    return {"container_groups": [{"containers": list(containers) or [container()]}]}


def artifact(**args: Any) -> Program:
    """A program with one artifact built from `args` (name and spec defaulted)."""

    def program() -> None:
        kwargs: dict[str, Any] = {"name": "bad-artifact", "spec": spec(), **args}
        Artifact("artifact", **kwargs)

    return program


def in_container(**overrides: Any) -> Program:
    return artifact(spec=spec(container(**overrides)))


def workload(registered: bool = False, **args: Any) -> Program:
    """A valid artifact and a workload built from `args`."""

    def program() -> None:
        status = "registered" if registered else "draft"
        a = Artifact("artifact", name="ok-artifact", status=status, spec=spec())
        kwargs: dict[str, Any] = {"name": "bad-workload", "artifact": a, **args}
        Workload("workload", **kwargs)

    return program


def deployment(registered: bool = True, **args: Any) -> Program:
    """A valid artifact and workload, and a deployment built from `args`."""

    def program() -> None:
        status = "registered" if registered else "draft"
        a = Artifact("artifact", name="ok-artifact", status=status, spec=spec())
        w = Workload("workload", name="ok-workload", artifact=a)
        kwargs: dict[str, Any] = {"name": "bad-deployment", "workload": w, **args}
        Deployment("deployment", **kwargs)

    return program


def policy(**overrides: Any) -> dict[str, Any]:
    base = {"scaling_metric": "cpuAverageUtilization", "target": 70, "min_count": 1}
    return {**base, "max_count": 3, **overrides}


def two_containers(first: dict[str, Any], second: dict[str, Any]) -> Program:
    return artifact(spec=spec(container(**first), container(name="sidecar", **second)))


MISTAKES: tuple[Mistake, ...] = (
    # Wrong types.
    Mistake("port-as-text", in_container(port="8080"), f"{C0}.port", "integer"),
    Mistake(
        "cpu-as-text",
        in_container(resource_request={"cpu": "two", "memory": 1}),
        f"{C0}.resource_request.cpu",
        "number",
    ),
    Mistake(
        "memory-as-text",
        in_container(resource_request={"cpu": 1, "memory": "2Gi"}),
        f"{C0}.resource_request.memory",
        "integer",
    ),
    Mistake(
        "replicas-as-text",
        workload(runtime={"replica_count": "two"}),
        "runtime.replica_count",
        "integer",
    ),
    Mistake(
        "env-value-as-number",
        in_container(environment_vars=[{"name": "N", "value": 5}]),
        f"{C0}.environment_vars[0].value",
        "string",
    ),
    # Out of range: ports, CPU, memory, counts, timeouts.
    Mistake("port-below-1024", in_container(port=80), f"{C0}.port", "1024"),
    Mistake("port-above-65535", in_container(port=70000), f"{C0}.port", "65535"),
    Mistake(
        "cpu-zero",
        in_container(resource_request={"cpu": 0, "memory": 1}),
        f"{C0}.resource_request.cpu",
        "greater than 0",
    ),
    Mistake(
        "memory-negative",
        in_container(resource_request={"cpu": 1, "memory": -1}),
        f"{C0}.resource_request.memory",
        "greater than 0",
    ),
    Mistake(
        "replicas-negative",
        workload(runtime={"replica_count": -1}),
        "runtime.replica_count",
        "greater than or equal to 0",
    ),
    # The spec's own rules.
    Mistake(
        "two-primary-containers",
        two_containers({"primary": True}, {"primary": True}),
        f"{C1}.primary",
        "only one",
    ),
    Mistake(
        "no-primary-container",
        two_containers({}, {}),
        "spec.container_groups[0].containers",
        "primary",
    ),
    Mistake("primary-without-port", in_container(port=None), f"{C0}.port", "needs a port"),
    Mistake("missing-image", in_container(image_uri=None), f"{C0}.image_uri", "required"),
    Mistake(
        "no-container-groups",
        artifact(spec={"container_groups": []}),
        "spec.container_groups",
        "at least 1",
    ),
    # Probes.
    Mistake(
        "probe-path-not-absolute",
        in_container(readiness_probe={"path": "healthz"}),
        f"{C0}.readiness_probe.path",
        "must start with '/'",
    ),
    Mistake(
        "probe-scheme-tcp",
        in_container(liveness_probe={"path": "/", "scheme": "TCP"}),
        f"{C0}.liveness_probe.scheme",
        "HTTP",
    ),
    Mistake(
        "probe-period-zero",
        in_container(startup_probe={"path": "/", "period_seconds": 0}),
        f"{C0}.startup_probe.period_seconds",
        "greater than or equal to 1",
    ),
    # Unknown values and typos.
    Mistake("unknown-importance", deployment(importance="urgent"), "importance", "critical"),
    Mistake("unknown-artifact-status", artifact(status="published"), "status", "registered"),
    Mistake(
        "unknown-desired-status", workload(desired_status="paused"), "desired_status", "running"
    ),
    Mistake(
        "camel-case-property",
        in_container(imageUri="registry.local/x:1"),
        f"{C0}.imageUri",
        "unknown property",
    ),
    Mistake(
        "autoscaling-max-below-min",
        workload(
            runtime={
                "autoscaling": {"enabled": True, "policies": [policy(min_count=3, max_count=1)]}
            }
        ),
        "runtime.autoscaling.policies[0].max_count",
        "must be >= the policy's minimum count (3)",
    ),
    # Deploying what cannot be deployed.
    Mistake("deploying-a-draft", deployment(registered=False), "workload_id", "registered"),
    Mistake(
        "draft-under-registered-guard",
        workload(require_registered_artifact=True),
        "artifact_id",
        "registered",
    ),
    # Long variant: more of the same kinds.
    Mistake(
        "memory-fractional",
        in_container(resource_request={"cpu": 1, "memory": 1.5}),
        f"{C0}.resource_request.memory",
        "integer",
        core=False,
    ),
    Mistake(
        "gpu-negative",
        in_container(resource_request={"cpu": 1, "memory": 1, "gpu": -1}),
        f"{C0}.resource_request.gpu",
        "greater than or equal to 0",
        core=False,
    ),
    Mistake(
        "lone-container-not-primary",
        in_container(primary=False),
        f"{C0}.primary",
        "lone container",
        core=False,
    ),
    Mistake("empty-image", in_container(image_uri=""), f"{C0}.image_uri", "at least 1", core=False),
    Mistake(
        "no-containers",
        artifact(spec={"container_groups": [{"containers": []}]}),
        "spec.container_groups[0].containers",
        "at least 1",
        core=False,
    ),
    Mistake(
        "probe-port-zero",
        in_container(readiness_probe={"path": "/", "port": 0}),
        f"{C0}.readiness_probe.port",
        "greater than or equal to 1",
        core=False,
    ),
    Mistake(
        "probe-without-path",
        in_container(readiness_probe={"port": 8080}),
        f"{C0}.readiness_probe.path",
        "required",
        core=False,
    ),
    Mistake("unknown-artifact-type", artifact(type="batch"), "type", "service", core=False),
    Mistake("artifact-name-too-long", artifact(name="x" * 256), "name", "255", core=False),
    Mistake("empty-deployment-name", deployment(name=""), "name", "at least 1", core=False),
    Mistake(
        "unknown-scaling-metric",
        workload(
            runtime={
                "autoscaling": {"enabled": True, "policies": [policy(scaling_metric="memory")]}
            }
        ),
        "runtime.autoscaling.policies[0].scaling_metric",
        "cpuAverageUtilization",
        core=False,
    ),
    Mistake(
        "unknown-runtime-key",
        workload(runtime={"replicas": 2}),
        "runtime.replicas",
        "unknown property",
        core=False,
    ),
    Mistake(
        "start-timeout-zero",
        workload(start_timeout_seconds=0),
        "start_timeout_seconds",
        "greater than 0",
        core=False,
    ),
)


def registered_artifact(port: int = 8080) -> Program:
    """A registered artifact; with a port below 1024, an invalid edit of it."""

    def program() -> None:
        registered = spec(container(port=port))
        Artifact("artifact", name="registered", status="registered", spec=registered)

    return program


# Registering, then editing invalidly: needs the valid program applied first.
REGISTERED = "registered-artifact"
REGISTERED_EDIT = Mistake("registering-then-editing", registered_artifact(80), f"{C0}.port", "1024")

# What the mistakes project runs, by the name in its stack config.
PROGRAMS: dict[str, Program] = {
    **{m.name: m.program for m in (*MISTAKES, REGISTERED_EDIT)},
    REGISTERED: registered_artifact(),
}
