"""The API name of an object whose program gives none: derived once, then kept, so
resource options that change its URN (an alias to a new name, a new parent) neither
rename it nor, where the API cannot rename it, replace it."""

from __future__ import annotations

from typing import Any

import pytest
from datarobot_workloads_provider.artifact import ArtifactProvider
from datarobot_workloads_provider.naming import (
    DERIVED_NAME_MARK,
    STACK_TYPE,
    default_api_name,
    kept_name,
    parent_type_of,
)

SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1"}]}]}
OLD_NAME = default_api_name("shop", "dev", "Artifact", "model")
NEW_NAME = default_api_name("shop", "dev", "Artifact", "renamed-model")


@pytest.mark.parametrize(
    ("olds", "kept"),
    [
        ({"name": OLD_NAME}, OLD_NAME),  # in the state: its name stays
        ({}, NEW_NAME),  # new (or a replacement, checked afresh): derived
        ({"name": ""}, NEW_NAME),
    ],
)
def test_kept_name(olds: dict[str, Any], kept: str) -> None:
    assert kept_name(olds, NEW_NAME) == kept


def check_name(olds: dict[str, Any], news: dict[str, Any]) -> str:
    inputs = ArtifactProvider().check(olds, {"spec": SPEC, **news}).inputs
    assert DERIVED_NAME_MARK not in inputs  # never stored
    name: str = inputs["name"]
    return name


def test_the_dynamic_provider_keeps_the_name_of_an_object_in_the_state() -> None:
    derived = {"name": NEW_NAME, DERIVED_NAME_MARK: True}
    assert check_name({"name": OLD_NAME, "spec": SPEC}, derived) == OLD_NAME
    assert check_name({}, derived) == NEW_NAME


def test_a_name_the_program_gives_always_wins() -> None:
    assert check_name({"name": OLD_NAME, "spec": SPEC}, {"name": "chosen"}) == "chosen"


@pytest.mark.parametrize(
    ("qualified", "parent"),
    [
        ("datarobot-workloads:index:Workload", ""),
        ("acme:web:Team$datarobot-workloads:index:Workload", "acme:web:Team"),
        (
            "acme:Org$acme:web:Team$pulumi-python:dynamic/datarobot-workloads:Workload",
            "acme:web:Team",
        ),
    ],
)
def test_parent_type_of(qualified: str, parent: str) -> None:
    assert parent_type_of(f"urn:pulumi:dev::shop::{qualified}::svc") == parent


def test_a_parent_type_names_apart_and_the_stack_is_no_parent() -> None:
    top = default_api_name("shop", "dev", "Workload", "svc")
    assert default_api_name("shop", "dev", "Workload", "svc", STACK_TYPE) == top
    front = default_api_name("shop", "dev", "Workload", "svc", "acme:web:Frontend")
    back = default_api_name("shop", "dev", "Workload", "svc", "acme:web:Backend")
    assert len({top, front, back}) == 3
