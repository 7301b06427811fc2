"""check(): every kind of mistake fails with the property path, before any API call."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from datarobot_workloads_provider.artifact import ArtifactProvider
from datarobot_workloads_provider.deployment import DeploymentProvider
from datarobot_workloads_provider.unknowns import UNKNOWN
from datarobot_workloads_provider.workload import WorkloadProvider

SPEC: dict[str, Any] = {
    "container_groups": [
        {"containers": [{"name": "app", "image_uri": "registry/app:1", "port": 8080}]}
    ]
}


def artifact(**changes: Any) -> dict[str, Any]:
    props: dict[str, Any] = {"name": "a", "spec": copy.deepcopy(SPEC)}
    props.update(changes)
    return props


def container(**changes: Any) -> dict[str, Any]:
    spec = copy.deepcopy(SPEC)
    spec["container_groups"][0]["containers"][0].update(changes)
    return {"name": "a", "spec": spec}


C0 = "spec.container_groups[0].containers[0]"

ARTIFACT_CASES = [
    ("missing spec", {"name": "a"}, "spec"),
    ("empty name", artifact(name=""), "name"),
    ("name too long", artifact(name="x" * 256), "name"),
    ("bad status", artifact(status="frozen"), "status"),
    ("bad type", artifact(type="batch"), "type"),
    ("unknown top-level property", artifact(colour="red"), "colour"),
    ("no groups", artifact(spec={"container_groups": []}), "spec.container_groups"),
    (
        "no containers",
        artifact(spec={"container_groups": [{"containers": []}]}),
        "spec.container_groups[0].containers",
    ),
    (
        "missing image",
        {
            "name": "a",
            "spec": {"container_groups": [{"containers": [{"name": "app", "port": 8080}]}]},
        },
        f"{C0}.image_uri",
    ),
    ("port too low", container(port=80), f"{C0}.port"),
    ("port too high", container(port=70000), f"{C0}.port"),
    ("port as text", container(port="8080"), f"{C0}.port"),
    ("primary without port", container(port=None), f"{C0}.port"),
    ("lone container not primary", container(primary=False), f"{C0}.primary"),
    ("cpu zero", container(resource_request={"cpu": 0, "memory": 1}), f"{C0}.resource_request.cpu"),
    (
        "memory negative",
        container(resource_request={"cpu": 1, "memory": -5}),
        f"{C0}.resource_request.memory",
    ),
    (
        "memory as text",
        container(resource_request={"cpu": 1, "memory": "1Gi"}),
        f"{C0}.resource_request.memory",
    ),
    (
        "gpu negative",
        container(resource_request={"cpu": 1, "memory": 1, "gpu": -1}),
        f"{C0}.resource_request.gpu",
    ),
    (
        "probe path relative",
        container(readiness_probe={"path": "health"}),
        f"{C0}.readiness_probe.path",
    ),
    (
        "probe scheme",
        container(liveness_probe={"path": "/", "scheme": "FTP"}),
        f"{C0}.liveness_probe.scheme",
    ),
    (
        "probe period zero",
        container(startup_probe={"path": "/", "period_seconds": 0}),
        f"{C0}.startup_probe.period_seconds",
    ),
    (
        "probe port",
        container(readiness_probe={"path": "/", "port": 0}),
        f"{C0}.readiness_probe.port",
    ),
    (
        "env var without value",
        container(environment_vars=[{"name": "A"}]),
        f"{C0}.environment_vars[0].value",
    ),
    ("entrypoint not strings", container(entrypoint=["python", 3]), f"{C0}.entrypoint[1]"),
    ("camelCase key", container(imageUri="x"), f"{C0}.imageUri"),
]


@pytest.mark.parametrize(
    ("case", "props", "path"), ARTIFACT_CASES, ids=[c[0] for c in ARTIFACT_CASES]
)
def test_artifact_check_names_the_property(case: str, props: dict[str, Any], path: str) -> None:
    failures = ArtifactProvider().check({}, props).failures
    assert path in [f.property for f in failures], (
        case,
        [(f.property, f.reason) for f in failures],
    )


def test_two_primary_containers_fail_on_the_second() -> None:
    spec = {
        "container_groups": [
            {
                "containers": [
                    {"name": "a", "image_uri": "i", "port": 8080, "primary": True},
                    {"name": "b", "image_uri": "i", "port": 8081, "primary": True},
                ]
            }
        ]
    }
    failures = ArtifactProvider().check({}, {"name": "a", "spec": spec}).failures
    assert [f.property for f in failures] == ["spec.container_groups[0].containers[1].primary"]


def test_no_primary_among_several_fails_on_the_list() -> None:
    spec = {
        "container_groups": [
            {
                "containers": [
                    {"name": "a", "image_uri": "i", "port": 8080},
                    {"name": "b", "image_uri": "i", "port": 8081},
                ]
            }
        ]
    }
    failures = ArtifactProvider().check({}, {"name": "a", "spec": spec}).failures
    assert [f.property for f in failures] == ["spec.container_groups[0].containers"]


def test_valid_artifact_is_normalized_with_defaults_and_revision() -> None:
    result = ArtifactProvider().check({}, container(readiness_probe={"path": "/h"}))
    assert result.failures == []
    only = result.inputs["spec"]["container_groups"][0]["containers"][0]
    assert only["primary"] is True
    assert only["readiness_probe"]["period_seconds"] == 30
    assert result.inputs["status"] == "draft"
    assert len(result.inputs["spec_revision"]) == 16


def test_revision_ignores_metadata_and_follows_spec() -> None:
    provider = ArtifactProvider()
    base = provider.check({}, artifact()).inputs["spec_revision"]
    renamed = provider.check({}, artifact(name="b", description="d")).inputs["spec_revision"]
    changed = provider.check({}, container(image_uri="registry/app:2")).inputs["spec_revision"]
    assert base == renamed
    assert base != changed


def test_unknown_values_are_not_failures_and_make_revision_unknown() -> None:
    props = container(image_uri=UNKNOWN)
    result = ArtifactProvider().check({}, props)
    assert result.failures == []
    assert result.inputs["spec_revision"] == UNKNOWN
    whole = ArtifactProvider().check({}, {"name": UNKNOWN, "spec": UNKNOWN})
    assert whole.failures == []


WORKLOAD_CASES = [
    ("missing artifact", {"name": "w"}, "artifact_id"),
    (
        "negative replicas",
        {"name": "w", "artifact_id": "a", "runtime": {"replica_count": -1}},
        "runtime.replica_count",
    ),
    (
        "replicas as float",
        {"name": "w", "artifact_id": "a", "runtime": {"replica_count": 1.5}},
        "runtime.replica_count",
    ),
    (
        "bad desired status",
        {"name": "w", "artifact_id": "a", "desired_status": "paused"},
        "desired_status",
    ),
    (
        "bad metric",
        {
            "name": "w",
            "artifact_id": "a",
            "runtime": {
                "autoscaling": {
                    "policies": [
                        {"scaling_metric": "cpu", "target": 1, "min_count": 0, "max_count": 1}
                    ]
                }
            },
        },
        "runtime.autoscaling.policies[0].scaling_metric",
    ),
    (
        "max below min",
        {
            "name": "w",
            "artifact_id": "a",
            "runtime": {
                "autoscaling": {
                    "policies": [
                        {
                            "scaling_metric": "cpuAverageUtilization",
                            "target": 1,
                            "min_count": 3,
                            "max_count": 1,
                        }
                    ]
                }
            },
        },
        "runtime.autoscaling.policies[0].max_count",
    ),
    (
        "timeout zero",
        {"name": "w", "artifact_id": "a", "start_timeout_seconds": 0},
        "start_timeout_seconds",
    ),
]


@pytest.mark.parametrize(
    ("case", "props", "path"), WORKLOAD_CASES, ids=[c[0] for c in WORKLOAD_CASES]
)
def test_workload_check_names_the_property(case: str, props: dict[str, Any], path: str) -> None:
    failures = WorkloadProvider().check({}, props).failures
    assert path in [f.property for f in failures], (
        case,
        [(f.property, f.reason) for f in failures],
    )


DEPLOYMENT_CASES = [
    ("missing workload", {"name": "d"}, "workload_id"),
    ("bad importance", {"name": "d", "workload_id": "w", "importance": "urgent"}, "importance"),
    ("name not text", {"name": 5, "workload_id": "w"}, "name"),
]


@pytest.mark.parametrize(
    ("case", "props", "path"), DEPLOYMENT_CASES, ids=[c[0] for c in DEPLOYMENT_CASES]
)
def test_deployment_check_names_the_property(case: str, props: dict[str, Any], path: str) -> None:
    failures = DeploymentProvider().check({}, props).failures
    assert path in [f.property for f in failures], (
        case,
        [(f.property, f.reason) for f in failures],
    )


def test_unknown_objects_from_the_provider_host_count_as_unknown() -> None:
    from pulumi.output import Unknown

    result = ArtifactProvider().check({}, container(image_uri=Unknown()))
    assert result.failures == []
    workload = WorkloadProvider().check({}, {"name": "w", "artifact_id": Unknown()})
    assert workload.failures == []


def test_whole_numbers_from_the_wire_validate_as_integers() -> None:
    """The engine sends numbers as doubles: 8080 arrives as 8080.0."""
    assert ArtifactProvider().check({}, container(port=8080.0)).failures == []
    failures = (
        WorkloadProvider()
        .check({}, {"name": "w", "artifact_id": "a", "runtime": {"replica_count": 1.5}})
        .failures
    )
    assert [f.property for f in failures] == ["runtime.replica_count"]


@pytest.mark.parametrize(
    ("status", "refused"),
    [("registered", False), ("draft", True), (None, True)],
)
def test_require_registered_artifact_guard(status: str | None, refused: bool) -> None:
    props = {
        "name": "w",
        "artifact_id": "a" * 24,
        "require_registered_artifact": True,
        "artifact_status": status,
    }
    failures = WorkloadProvider().check({}, props).failures
    assert [f.property for f in failures] == (["artifact_id"] if refused else [])
    if refused and status == "draft":
        assert "artifact aaaaaaaaaaaaaaaaaaaaaaaa is draft" in failures[0].reason


def test_guard_is_off_by_default() -> None:
    props = {"name": "w", "artifact_id": "a", "artifact_status": "draft"}
    assert WorkloadProvider().check({}, props).failures == []


def test_defaults_are_filled_in_even_when_unknowns_stop_validation() -> None:
    from pulumi.output import Unknown

    inputs = WorkloadProvider().check({}, {"name": "w", "artifact_id": Unknown()}).inputs
    assert inputs["desired_status"] == "running"
    assert inputs["start_timeout_seconds"] == 900.0


@pytest.mark.parametrize(
    ("props", "path"),
    [
        (artifact(spec="big"), "spec"),
        (
            container(resource_request="big"),
            "spec.container_groups[0].containers[0].resource_request",
        ),
    ],
)
def test_a_value_that_should_be_an_object_says_so_in_the_users_words(
    props: dict[str, Any], path: str
) -> None:
    """Not pydantic's "instance of ResourceRequestInput": that class is ours, not a name
    any program (Python, TypeScript or YAML) writes."""
    failures = ArtifactProvider().check({}, props).failures
    assert [(f.property, f.reason) for f in failures] == [(path, "Input should be an object")]


def test_a_runtime_that_is_not_an_object_says_so() -> None:
    props = {"name": "w", "artifact_id": "a", "runtime": "big"}
    failures = WorkloadProvider().check({}, props).failures
    assert [(f.property, f.reason) for f in failures] == [("runtime", "Input should be an object")]
