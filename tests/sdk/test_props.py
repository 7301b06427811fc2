"""The SDK classes as the Pulumi SDK reads them at each registration."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_datarobot_workloads as sdk
import pytest
from datarobot_workloads_provider.naming import DERIVED_NAME_MARK
from datarobot_workloads_provider.replace_on_changes import REPLACE_ON_CHANGES
from pulumi import _types
from pulumi_datarobot_workloads import _props

CLASSES = (sdk.Artifact, sdk.Workload, sdk.Deployment)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_attribute_annotations_are_evaluated_once_at_import(cls: type) -> None:
    """Strings would be compiled and evaluated again for every resource registered."""
    assert cls.__annotations__
    assert not [name for name, hint in cls.__annotations__.items() if isinstance(hint, str)]


def test_the_sdk_still_types_the_outputs_it_converts() -> None:
    """The engine sends numbers as floats; the SDK turns an `int` output back into an int
    from these annotations, so they must keep giving it the declared types."""
    artifact = _types.resource_types(sdk.Artifact)
    workload = _types.resource_types(sdk.Workload)
    assert artifact["version"] is int
    assert artifact["spec"] == dict[str, Any]
    assert workload["start_timeout_seconds"] is float
    assert workload["require_registered_artifact"] is bool
    assert set(workload) == set(sdk.Workload.__annotations__)


def test_a_derived_name_is_marked_as_derived_and_a_given_one_is_not() -> None:
    """The mark lets the provider keep the name an object already has (`naming`)."""
    derived: dict[str, Any] = {"spec": {}}
    _props.name_when_missing(derived, "model", "Artifact", None)
    assert derived == {
        "spec": {},
        "name": _props.auto_name("model", "Artifact"),
        DERIVED_NAME_MARK: True,
    }
    given: dict[str, Any] = {"name": "mine"}
    _props.name_when_missing(given, "model", "Artifact", pulumi.ResourceOptions())
    assert given == {"name": "mine"}


def test_import_option_becomes_adoption() -> None:
    """The engine's import would fail in the dynamic provider host (it reads the object
    without the provider's reference); `adopt_id` takes the object over at its create."""
    props: dict[str, Any] = {"name": "legacy"}
    opts = pulumi.ResourceOptions(import_="w-1", protect=True)
    adopting = _props.import_as_adoption(props, opts)
    assert props["adopt_id"] == "w-1"
    assert adopting is not None
    assert (adopting.import_, adopting.protect) == (None, True)
    assert opts.import_ == "w-1"  # the program's own options are left as they were
    given: dict[str, Any] = {"adopt_id": "w-2"}
    _props.import_as_adoption(given, opts)
    assert given == {"adopt_id": "w-2"}
    assert _props.import_as_adoption({}, None) is None


def test_replace_on_changes_is_carried_to_the_provider() -> None:
    props: dict[str, Any] = {}
    _props.carry_replace_on_changes(props, pulumi.ResourceOptions(replace_on_changes=["runtime"]))
    assert props == {REPLACE_ON_CHANGES: ["runtime"]}
    untouched: dict[str, Any] = {}
    _props.carry_replace_on_changes(untouched, pulumi.ResourceOptions(protect=True))
    _props.carry_replace_on_changes(untouched, None)
    assert untouched == {}
