"""What counts as running in a target: the yardstick of an honest rollback."""

from __future__ import annotations

from datarobot_workloads_provider.promote.rollback import running_objects
from datarobot_workloads_provider.promote.stack_state import StackState, StateResource

from tests.provider.promote.registry import Registry


def resource(kind: str, object_id: str) -> StateResource:
    return StateResource(f"urn:pulumi:prod::p::x:index:{kind}::{object_id}", kind, object_id, {})


def test_running_workloads_and_existing_deployments_of_the_state_count() -> None:
    registry = Registry()
    registry.artifact("a2", 2)
    registry.workload("w2", "a2")
    registry.workload("w3", "a2", status="errored")
    registry.deployment("d2", "w2")
    state = StackState(
        "prod",
        [
            resource("Artifact", "a2"),
            resource("Workload", "w2"),
            resource("Workload", "w3"),  # not running
            resource("Workload", "w9"),  # gone from the API
            resource("Deployment", "d2"),
            resource("Deployment", "d9"),  # gone from the API
        ],
    )
    assert running_objects(registry.api(), state) == 2
    assert registry.writes == []
