"""Resolving what an interrupted promotion left in the target's state, without the engine:
a target stand-in records the state it is given, a fake API holds the objects."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from datarobot_workloads_provider.promote.errors import PromoteError
from datarobot_workloads_provider.promote.recover import (
    describe_pending,
    pending_operations,
    resolve_pending,
)

from tests.provider.promote.registry import Registry

TYPE = "pulumi-python:dynamic/datarobot-workloads:"
NAME = "model-1234567"


def urn(kind: str) -> str:
    return f"urn:pulumi:prod::p::{TYPE}{kind}::model"


def resource(kind: str, object_id: str) -> dict[str, Any]:
    return {"urn": urn(kind), "type": TYPE + kind, "id": object_id, "inputs": {"name": NAME}}


def creating(kind: str) -> dict[str, Any]:
    return {
        "type": "creating",
        "resource": {"urn": urn(kind), "type": TYPE + kind, "inputs": {"name": NAME}},
    }


class Target:
    """The part of `ProjectStack` that recovery uses."""

    name = "prod"

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.imported: list[dict[str, Any]] = []
        self.refreshes = 0

    def export_state(self) -> dict[str, Any]:
        return copy.deepcopy(self.document)

    def import_state(self, document: dict[str, Any]) -> None:
        self.imported.append(document)
        self.document = copy.deepcopy(document)

    def refresh(self, progress: Any) -> None:
        self.refreshes += 1


def state(resources: list[dict[str, Any]], pending: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": 3, "deployment": {"resources": resources, "pending_operations": pending}}


def test_an_unfinished_replacement_is_dropped_and_its_orphan_deleted() -> None:
    registry = Registry(deletes=True)
    registry.workload("w1", "a1")["name"] = NAME  # the one the state holds
    registry.workload("w2", "a2")["name"] = NAME  # made by the interrupted replacement
    target = Target(
        state([resource("Workload", "w1"), resource("Deployment", "d1")], [creating("Workload")])
    )
    notes = resolve_pending(target, registry.api(), lambda line: None)
    assert registry.writes == ["DELETE /api/v2/console/workloads/w2/"]
    assert set(registry.workloads) == {"w1"}
    assert pending_operations(target.document) == []
    assert [r["id"] for r in target.document["deployment"]["resources"]] == ["w1", "d1"]
    assert target.refreshes == 1
    assert any("deleted Workload w2" in note for note in notes)


def test_an_unfinished_first_create_is_adopted_without_an_api_write() -> None:
    registry = Registry()
    registry.workload("w1", "a1")["name"] = NAME
    target = Target(state([], [creating("Workload")]))
    notes = resolve_pending(target, registry.api(), lambda line: None)
    assert registry.writes == []
    assert [r["id"] for r in target.document["deployment"]["resources"]] == ["w1"]
    assert pending_operations(target.document) == []
    assert any(note.startswith("adopted Workload") for note in notes)


def test_nothing_pending_changes_nothing() -> None:
    target = Target(state([resource("Workload", "w1")], []))
    assert resolve_pending(target, Registry().api(), lambda line: None) == []
    assert target.imported == [] and target.refreshes == 0


def test_two_objects_of_one_name_are_left_for_a_person() -> None:
    registry = Registry()
    for object_id in ("w1", "w2"):
        registry.workload(object_id, "a1")["name"] = NAME
    target = Target(state([], [creating("Workload")]))
    with pytest.raises(PromoteError) as error:
        resolve_pending(target, registry.api(), lambda line: None)
    assert "2 workloads are named" in str(error.value)
    assert target.imported == [], "nothing is imported when a create stays pending"


def test_pending_operations_are_described_by_what_and_which() -> None:
    described = describe_pending([creating("Workload"), {"type": "deleting", "resource": {}}])
    assert described == "creating model (Workload), deleting ? (?)"
