"""The check's plain path gives what the strict model gives, and never passes what it refuses.

`plain_validation` normalizes plainly valid inputs without pydantic; every other input
goes to the strict model. These tests hold the two together: on valid inputs the plain
result equals the model's dump, and on every case of test_validation (each a mistake the
check must name) the plain path either steps aside or agrees with a model that accepts.
"""

from __future__ import annotations

import copy
from typing import Any

import pydantic
import pytest
from datarobot_workloads_provider.plain_validation import plainly_valid
from datarobot_workloads_provider.schema import input_model
from datarobot_workloads_provider.unknowns import UNKNOWN

from tests.provider.test_validation import (
    ARTIFACT_CASES,
    DEPLOYMENT_CASES,
    WORKLOAD_CASES,
    artifact,
    container,
)

PROBE = {"path": "/healthz", "port": 8080, "scheme": "HTTPS", "initial_delay_seconds": 0}
FULL_CONTAINER: dict[str, Any] = {
    "name": "app",
    "image_uri": "registry/app:1",
    "port": 8080,
    "primary": True,
    "entrypoint": ["python", "-m", "app"],
    "environment_vars": [{"name": "GREETING", "value": "hello"}],
    "resource_request": {"cpu": 1, "memory": 512 * 1024**2, "gpu": 0, "gpu_type": "t4"},
    "readiness_probe": PROBE,
    "liveness_probe": {"path": "/live"},
    "startup_probe": {**PROBE, "failure_threshold": 10},
}
SIDECAR = {
    "name": "side",
    "image_uri": "registry/side:1",
    "resource_request": {"cpu": 0.25, "memory": 1},
}
POLICY = {"scaling_metric": "httpRequestsInFlight", "target": 5, "min_count": 1, "max_count": 4}

VALID: list[tuple[str, dict[str, Any]]] = [
    ("Artifact", artifact()),
    ("Artifact", artifact(description="d", status="registered", type="service")),
    ("Artifact", artifact(status="locked", adopt_id="a" * 24)),
    (
        "Artifact",
        artifact(
            spec={
                "container_groups": [
                    {"name": "web", "containers": [FULL_CONTAINER, SIDECAR]},
                    {"containers": [SIDECAR]},
                ]
            }
        ),
    ),
    ("Workload", {"name": "w", "artifact_id": "a" * 24}),
    (
        "Workload",
        {
            "name": "w",
            "artifact_id": "a" * 24,
            "desired_status": "stopped",
            "runtime": {
                "replica_count": 3,
                "resource_bundle_id": "cpu.small",
                "autoscaling": {"enabled": True, "policies": [POLICY, {**POLICY, "target": 0.5}]},
            },
            "start_timeout_seconds": 120,
        },
    ),
    ("Workload", {"name": "w", "artifact_id": "a" * 24, "runtime": {"autoscaling": {}}}),
    (
        "Workload",
        {
            "name": "w",
            "artifact_id": "a" * 24,
            "importance": "high",
            "rollout_warmup_minutes": 1,
            "rollout_keep_old_minutes": 0.5,
            "runtime": {
                "containers": [
                    {"name": "app", "resource_allocation": {"cpu": 1, "memory": 1024}},
                    {"name": "side", "resource_allocation": {"gpu": 1, "gpu_memory": 2048}},
                ]
            },
            "artifact_resources": [
                {"name": "app", "resource_request": {"cpu": 0.5, "memory": 512}},
                {"name": "side"},
            ],
        },
    ),
    ("Deployment", {"name": "d", "workload_id": "w" * 24}),
    (
        "Deployment",
        {"name": "d", "workload_id": "w" * 24, "description": "x", "importance": "high"},
    ),
]


def strict_dump(type_name: str, user: dict[str, Any]) -> dict[str, Any] | None:
    try:
        validated = input_model(type_name).model_validate(user)
    except pydantic.ValidationError:
        return None
    dumped: dict[str, Any] = validated.model_dump(mode="json")
    return dumped


@pytest.mark.parametrize(("type_name", "props"), VALID)
def test_valid_inputs_are_normalized_as_the_strict_model_does(
    type_name: str, props: dict[str, Any]
) -> None:
    expected = strict_dump(type_name, props)
    assert expected is not None, "the case itself must be valid"
    plain = plainly_valid(type_name, copy.deepcopy(props))
    assert plain == expected
    # Same types too (a float field given 1 holds 1.0, as the model dumps it).
    assert repr(plain) == repr(expected)


MISTAKES = [
    *(("Artifact", case, props) for case, props, _ in ARTIFACT_CASES),
    *(("Workload", case, props) for case, props, _ in WORKLOAD_CASES),
    *(("Deployment", case, props) for case, props, _ in DEPLOYMENT_CASES),
    ("Artifact", "bool for an int", container(port=True)),
    ("Artifact", "float for an int", container(port=8080.5)),
    (
        "Artifact",
        "None for a field with a default",
        container(readiness_probe={"path": "/", "port": None}),
    ),
    ("Artifact", "unknown nested key", container(colour="red")),
    ("Artifact", "a tuple for a list", artifact(spec={"container_groups": ()})),
    ("Artifact", "unknown value", artifact(name=UNKNOWN)),
    (
        "Workload",
        "policy counts out of order",
        {
            "name": "w",
            "artifact_id": "a" * 24,
            "runtime": {"autoscaling": {"policies": [{**POLICY, "min_count": 5}]}},
        },
    ),
]


@pytest.mark.parametrize(("type_name", "case", "props"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_the_plain_path_never_passes_what_the_strict_model_refuses(
    type_name: str, case: str, props: dict[str, Any]
) -> None:
    user = {k: v for k, v in props.items() if v is not None}
    plain = plainly_valid(type_name, copy.deepcopy(user))
    if plain is not None:
        assert plain == strict_dump(type_name, user), case
