"""What a stack runs, read from its exported state: both front doors' resources, by type
token or by the provider pickled in a dynamic resource; chains; candidates."""

from __future__ import annotations

import base64
import copy
import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
from datarobot_workloads_provider.promote.errors import PromoteError, Refused
from datarobot_workloads_provider.promote.stack_state import read_state, resource_kind, state_of

if TYPE_CHECKING:
    from datarobot_workloads_provider.promote.workspace import ProjectStack

FIXTURES = Path(__file__).resolve().parents[2] / "compat" / "fixtures"


class WorkloadProvider:
    """Another package's dynamic provider with the same class name: not ours."""


def exported(fixture: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / fixture / "state.json").read_text())
    return document if "deployment" in document else {"deployment": document}


def test_the_plugin_and_the_dynamic_resources_give_the_same_chains() -> None:
    for fixture, workload in (
        ("python-chain-0.1.0", "on-registered"),
        ("yaml-chain-0.1.0", "onRegistered"),
    ):
        state = read_state("prod", exported(fixture))
        chain = state.choose(workload)
        assert chain is not None
        registered = next(r for r in state.resources if r.name == "registered")
        deployment = next(r for r in state.resources if r.kind == "Deployment")
        assert chain.artifact_id == registered.id
        assert chain.deployment_id == deployment.id
        assert chain.invoke_url is not None and chain.invoke_url.endswith(f"/{deployment.id}/")


def test_a_dynamic_resource_is_known_by_its_pickled_provider_whatever_its_token() -> None:
    document = exported("python-chain-0.1.0")
    for resource in document["deployment"]["resources"]:
        if resource["type"].startswith("pulumi-python:dynamic/"):
            resource["type"] = "pulumi-python:dynamic:Resource"
    kinds = [r.kind for r in read_state("prod", document).resources]
    assert kinds.count("Workload") == 3 and kinds.count("Deployment") == 1

    foreign = base64.b64encode(pickle.dumps(WorkloadProvider)).decode()
    resource = {"type": "pulumi-python:dynamic:Resource", "inputs": {"__provider": foreign}}
    assert resource_kind(resource) is None
    assert resource_kind({**resource, "inputs": {"__provider": "not base64!"}}) is None
    assert resource_kind({"type": "aws:s3/bucket:Bucket"}) is None


def test_several_candidates_need_a_name_and_the_refusal_lists_them() -> None:
    state = read_state("prod", exported("python-chain-0.1.0"))
    with pytest.raises(Refused) as several:
        state.choose(None)
    message = str(several.value)
    assert "prod's state holds 3 candidate workloads" in message
    assert "by-id (workload" in message and "on-draft (workload" in message
    assert "pass --workload NAME" in message
    with pytest.raises(Refused) as unknown:
        state.choose("model")
    assert "no Workload named 'model'" in str(unknown.value)


def test_resources_pending_deletion_do_not_run_and_any_change_shows() -> None:
    document = exported("yaml-chain-0.1.0")
    before = read_state("prod", document)
    changed = copy.deepcopy(document)
    for resource in changed["deployment"]["resources"]:
        if resource["urn"].endswith("::onDraft"):
            resource["delete"] = True
    after = read_state("prod", changed)
    assert [c.workload for c in after.chains] == ["onRegistered"]
    assert after.choose(None) == before.choose("onRegistered")
    assert after.fingerprint != before.fingerprint
    assert read_state("prod", {"deployment": {}}).choose(None) is None
    with pytest.raises(Refused):
        read_state("prod", {"version": 3})


def test_a_state_that_cannot_be_read_is_a_refusal_naming_the_stack() -> None:
    class Unreadable:
        name = "prod"

        def export_state(self) -> dict[str, object]:
            raise PromoteError("stack prod: `pulumi stack export` failed: error: no such stack")

    with pytest.raises(Refused) as refused:
        state_of(cast("ProjectStack", Unreadable()))
    assert str(refused.value).startswith("cannot read prod's state, so cannot tell what it runs")


def test_a_current_dialect_chain_has_no_deployment_and_the_workloads_own_invoke_url() -> None:
    state = read_state("prod", exported("python-current-0.2.0"))
    chain = state.choose("on-locked")
    assert chain is not None and chain.dialect == "current"
    locked = next(r for r in state.resources if r.name == "locked")
    assert (chain.artifact_id, chain.deployment_id) == (locked.id, None)
    assert chain.invoke_url is not None
    assert chain.invoke_url.endswith(f"/endpoints/workloads/{chain.workload_id}/")
    older = read_state("prod", exported("python-chain-0.1.0")).choose("by-id")
    assert older is not None and older.dialect == "older" and older.invoke_url is None
