"""Resolving the pending creates of a killed `up` in an exported state document."""

from __future__ import annotations

import copy
from typing import Any

from datarobot_workloads_provider.pending import adopt_pending_creates, kind_of

DYNAMIC = "pulumi-python:dynamic/datarobot-workloads:"
PROVIDER_REF = "gASV...provider reference..."


def creating(kind: str, name: str, *, prefix: str = DYNAMIC) -> dict[str, Any]:
    inputs = {"name": name, "__provider": PROVIDER_REF}
    urn = f"urn:pulumi:dev::proj::{prefix}{kind}::{name}"
    return {"type": "creating", "resource": {"urn": urn, "type": prefix + kind, "inputs": inputs}}


def state(*pending: dict[str, Any], held: tuple[str, ...] = ()) -> dict[str, Any]:
    resources = [{"urn": f"urn:held:{i}", "type": DYNAMIC + "Artifact", "id": i} for i in held]
    return {
        "version": 3,
        "deployment": {"resources": resources, "pending_operations": list(pending)},
    }


def test_type_tokens_of_both_front_doors_are_ours() -> None:
    assert kind_of(DYNAMIC + "Workload") == "Workload"
    assert kind_of("datarobot-workloads:index:Deployment") == "Deployment"
    assert kind_of("aws:s3/bucket:Bucket") is None
    assert kind_of(DYNAMIC + "Noop") is None


def test_one_object_by_that_name_is_adopted_with_its_id_and_inputs_as_outputs() -> None:
    document = state(creating("Workload", "web-1a2b3c4"))
    before = copy.deepcopy(document)
    edited, outcomes = adopt_pending_creates(document, lambda kind, name: ["w1"])
    assert document == before, "the input document is not changed"
    assert [(o.action, o.object_id) for o in outcomes] == [("adopted", "w1")]
    assert edited["deployment"]["pending_operations"] == []
    adopted = edited["deployment"]["resources"][-1]
    assert adopted["id"] == "w1"
    assert adopted["outputs"]["__provider"] == PROVIDER_REF
    assert adopted["outputs"]["name"] == "web-1a2b3c4"


def test_no_object_drops_the_pending_create_so_up_creates_it() -> None:
    edited, outcomes = adopt_pending_creates(state(creating("Artifact", "a")), lambda k, n: [])
    assert [o.action for o in outcomes] == ["dropped"]
    assert edited["deployment"]["pending_operations"] == []
    assert edited["deployment"]["resources"] == []


def test_objects_the_state_already_holds_are_not_candidates() -> None:
    document = state(creating("Artifact", "a"), held=("a-old",))
    edited, outcomes = adopt_pending_creates(document, lambda k, n: ["a-old", "a-new"])
    assert [(o.action, o.object_id) for o in outcomes] == [("adopted", "a-new")]
    assert [r["id"] for r in edited["deployment"]["resources"]] == ["a-old", "a-new"]


def test_several_objects_by_one_name_are_left_for_a_person_with_their_ids() -> None:
    document = state(creating("Deployment", "d", prefix="datarobot-workloads:index:"))
    edited, outcomes = adopt_pending_creates(document, lambda k, n: ["d1", "d2"])
    assert outcomes[0].action == "left pending"
    assert "d1, d2" in outcomes[0].reason and "adopt_id" in outcomes[0].reason
    assert (
        edited["deployment"]["pending_operations"] == document["deployment"]["pending_operations"]
    )


def test_other_operations_and_other_providers_are_left_alone() -> None:
    deleting = {"type": "deleting", "resource": {"type": DYNAMIC + "Workload", "urn": "u"}}
    foreign = {"type": "creating", "resource": {"type": "aws:s3/bucket:Bucket", "urn": "b"}}
    asked: list[tuple[str, str]] = []

    def find(kind: str, name: str) -> list[str]:
        asked.append((kind, name))
        return ["x"]

    edited, outcomes = adopt_pending_creates(state(deleting, foreign), find)
    assert outcomes == [] and asked == []
    assert edited["deployment"]["pending_operations"] == [deleting, foreign]


def test_each_adoption_is_looked_up_by_its_own_kind_and_name() -> None:
    asked: list[tuple[str, str]] = []

    def find(kind: str, name: str) -> list[str]:
        asked.append((kind, name))
        return [f"{kind}-id"]

    pending = (creating("Artifact", "a"), creating("Workload", "w"))
    edited, outcomes = adopt_pending_creates(state(*pending), find)
    assert [o.action for o in outcomes] == ["adopted", "adopted"]
    assert asked == [("Artifact", "a"), ("Workload", "w")]
    assert [r["id"] for r in edited["deployment"]["resources"]] == ["Artifact-id", "Workload-id"]
