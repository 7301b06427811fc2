"""diff(): the diff table (docs/architecture.md), row by row, including unknown values at
preview."""

from __future__ import annotations

from typing import Any

import pytest
from datarobot_workloads_provider.artifact import ArtifactProvider
from datarobot_workloads_provider.deployment import DeploymentProvider
from datarobot_workloads_provider.unknowns import UNKNOWN
from datarobot_workloads_provider.workload import WorkloadProvider

SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1", "port": 8080}]}]}
SPEC2 = {
    "container_groups": [{"containers": [{"name": "app", "image_uri": "img:2", "port": 8080}]}]
}


def checked_artifact(**props: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"name": "a", "spec": SPEC}
    base.update(props)
    result = ArtifactProvider().check({}, base)
    assert result.failures == []
    return result.inputs


def plan(provider: Any, olds: dict[str, Any], news: dict[str, Any]) -> str:
    result = provider.diff("id", olds, news)
    if result.replaces:
        return "replace"
    return "update" if result.changes else "same"


ARTIFACT_ROWS = [
    ("draft: nothing changed", {}, {}, "same"),
    ("draft: name", {}, {"name": "b"}, "update"),
    ("draft: description", {}, {"description": "d"}, "update"),
    ("draft: spec", {}, {"spec": SPEC2}, "update"),
    ("draft -> registered", {}, {"status": "registered"}, "update"),
    ("registered: name", {"status": "registered"}, {"name": "b", "status": "registered"}, "update"),
    (
        "registered: description",
        {"status": "registered"},
        {"description": "d", "status": "registered"},
        "update",
    ),
    (
        "registered: spec",
        {"status": "registered"},
        {"spec": SPEC2, "status": "registered"},
        "replace",
    ),
    ("registered -> draft", {"status": "registered"}, {"status": "draft"}, "replace"),
    ("registered: nothing", {"status": "registered"}, {"status": "registered"}, "same"),
]


@pytest.mark.parametrize(
    ("row", "old", "new", "expected"), ARTIFACT_ROWS, ids=[r[0] for r in ARTIFACT_ROWS]
)
def test_artifact_diff_table(
    row: str, old: dict[str, Any], new: dict[str, Any], expected: str
) -> None:
    assert plan(ArtifactProvider(), checked_artifact(**old), checked_artifact(**new)) == expected


def test_registered_artifact_with_unknown_spec_plans_replace() -> None:
    olds = checked_artifact(status="registered")
    news = {**olds, "spec": UNKNOWN, "spec_revision": UNKNOWN}
    assert plan(ArtifactProvider(), olds, news) == "replace"


def test_draft_artifact_with_unknown_spec_plans_update() -> None:
    olds = checked_artifact()
    news = {**olds, "spec": UNKNOWN}
    assert plan(ArtifactProvider(), olds, news) == "update"


W = {
    "name": "w",
    "artifact_id": "a1",
    "runtime": {"replica_count": 1},
    "desired_status": "running",
    "artifact_revision": "r1",
    "start_timeout_seconds": 900.0,
}

WORKLOAD_ROWS = [
    ("nothing", {}, "same"),
    ("artifact_id", {"artifact_id": "a2"}, "replace"),
    ("artifact_id unknown", {"artifact_id": UNKNOWN}, "replace"),
    ("runtime", {"runtime": {"replica_count": 2}}, "replace"),
    ("name", {"name": "w2"}, "replace"),
    ("stop", {"desired_status": "stopped"}, "update"),
    ("artifact revision (draft changed)", {"artifact_revision": "r2"}, "update"),
    ("artifact revision unknown", {"artifact_revision": UNKNOWN}, "update"),
    ("timeout", {"start_timeout_seconds": 60.0}, "update"),
]


@pytest.mark.parametrize(
    ("row", "new", "expected"), WORKLOAD_ROWS, ids=[r[0] for r in WORKLOAD_ROWS]
)
def test_workload_diff_table(row: str, new: dict[str, Any], expected: str) -> None:
    assert plan(WorkloadProvider(), W, {**W, **new}) == expected


def test_workload_runtime_defaults_from_server_are_not_a_change() -> None:
    olds = {**W, "runtime": {"replica_count": 1, "autoscaling": None}}
    assert plan(WorkloadProvider(), olds, W) == "same"


def test_errored_workload_seen_on_refresh_plans_an_update() -> None:
    assert plan(WorkloadProvider(), {**W, "desired_status": "errored"}, W) == "update"


D = {"name": "d", "workload_id": "w1", "description": None, "importance": "low"}

DEPLOYMENT_ROWS = [
    ("nothing", {}, "same"),
    ("workload", {"workload_id": "w2"}, "replace"),
    ("name", {"name": "d2"}, "update"),
    ("description", {"description": "x"}, "update"),
    ("importance", {"importance": "critical"}, "update"),
]


@pytest.mark.parametrize(
    ("row", "new", "expected"), DEPLOYMENT_ROWS, ids=[r[0] for r in DEPLOYMENT_ROWS]
)
def test_deployment_diff_table(row: str, new: dict[str, Any], expected: str) -> None:
    assert plan(DeploymentProvider(), D, {**D, **new}) == expected
