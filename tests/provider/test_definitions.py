"""The resource definitions, and everything derived from them, agree.

Each property is declared once (`definitions`, `args`); the strict models of `check`, the
wire models, the package schema and the SDK's typed surface are derived from that. What
cannot be derived for mypy (the `...Dict` twins of the shapes, the SDK's attribute
annotations) is checked here, so a drift fails a test instead of reaching a user.
"""

from __future__ import annotations

import pulumi_datarobot_workloads as sdk
import pytest
from datarobot_workloads_provider import definitions, schema
from datarobot_workloads_provider.contract import args
from datarobot_workloads_provider.contract.declared import fields_of, shape_name
from datarobot_workloads_provider.native import wire
from datarobot_workloads_provider.native.package_schema import KINDS, build_schema

SDK_CLASSES = {
    "Artifact": sdk.Artifact,
    "Workload": sdk.Workload,
    "Deployment": sdk.Deployment,
}


@pytest.mark.parametrize("shape", args.SHAPES, ids=lambda s: s.__name__)
def test_each_dict_twin_has_the_fields_of_its_dataclass(shape: type) -> None:
    twin = getattr(args, f"{shape_name(shape)}Dict")
    declared = {f.name for f in fields_of(shape)}
    assert set(twin.__annotations__) == declared
    required = {f.name for f in fields_of(shape) if f.required}
    if twin.__total__:
        assert required == declared, "a total TypedDict twin needs every field required"


@pytest.mark.parametrize("shape", args.SHAPES, ids=lambda s: s.__name__)
def test_the_strict_and_wire_models_have_the_fields_of_the_shape(shape: type) -> None:
    from datarobot_workloads_provider.client import models
    from datarobot_workloads_provider.client.record_fields import wire_fields
    from datarobot_workloads_provider.client.wire_models import model_of

    names = [f.name for f in fields_of(shape)]
    assert list(schema.shape_model(shape).model_fields) == names
    record = models.SHAPE_RECORDS[shape]
    assert [f.name for f in wire_fields(record)] == names
    assert list(model_of(record).model_fields) == names
    # Lenient: the API may leave anything out.
    assert all(f.nullable and f.default is not None for f in wire_fields(record))
    assert not any(f.is_required() for f in model_of(record).model_fields.values())


@pytest.mark.parametrize("resource", definitions.RESOURCES, ids=lambda r: r.type_name)
def test_every_input_is_validated_and_in_the_package_schema(
    resource: definitions.Resource,
) -> None:
    model = schema.input_model(resource.type_name)
    assert list(model.model_fields) == [i.name for i in resource.inputs]
    for item in resource.inputs:
        assert model.model_fields[item.name].is_required() == item.prop.required, item.name
    token = next(k.token for k in KINDS if k.definition is resource)
    published = build_schema()["resources"][token]
    assert set(published["inputProperties"]) == {wire.to_camel(i.name) for i in resource.inputs}
    assert set(published["properties"]) == {wire.to_camel(n) for n in resource.property_names}


@pytest.mark.parametrize("resource", definitions.RESOURCES, ids=lambda r: r.type_name)
def test_the_sdk_class_exposes_every_property_and_types_only_real_ones(
    resource: definitions.Resource,
) -> None:
    cls = SDK_CLASSES[resource.type_name]
    module = __import__(cls.__module__, fromlist=["OUTPUTS"])
    assert resource.property_names == module.OUTPUTS
    assert set(cls.__annotations__) <= set(resource.property_names)


def test_the_diff_keys_are_the_table() -> None:
    assert definitions.ARTIFACT.keys("replace_when_registered") == ("type", "spec")
    assert definitions.WORKLOAD.keys("replace") == ()
    assert definitions.WORKLOAD.keys("replace_in_older") == ("name", "artifact_id", "runtime")
    assert definitions.WORKLOAD.keys("in_place") == (
        "desired_status",
        "artifact_revision",
        "start_timeout_seconds",
        "description",
        "importance",
    )
    assert definitions.DEPLOYMENT.keys("replace") == ("workload_id",)
    assert definitions.DEPLOYMENT.keys("in_place") == ("name", "description", "importance")


def test_defaults_are_written_once() -> None:
    from datarobot_workloads_provider.contract.canonical import PROBE_DEFAULTS

    assert PROBE_DEFAULTS["period_seconds"] == args.ProbeArgs(path="/").period_seconds == 30
    assert definitions.WORKLOAD.default("start_timeout_seconds") == 900.0
    checked = schema.input_model("Workload").model_validate({"name": "w", "artifact_id": "a"})
    assert checked.model_dump()["runtime"]["replica_count"] == args.RuntimeArgs().replica_count


def test_a_workload_description_reaches_check_diff_state_schema_and_the_sdk() -> None:
    """One Prop line in the definition, and the input is everywhere."""
    from datarobot_workloads_provider.client import models
    from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle

    lifecycle = WorkloadLifecycle()
    olds = lifecycle.check({}, {"name": "w", "artifact_id": "a1", "description": "v1"})
    assert olds.failures == []
    assert olds.inputs["description"] == "v1"
    news = lifecycle.check({}, {**olds.inputs, "description": "v2"}).inputs
    plan = lifecycle.diff(olds.inputs, news)
    assert plan.changed == ("description",)
    assert plan.replaces == ()  # an update in place
    live = models.Workload.model_validate({"id": "w1", "name": "w", "status": "running"})
    assert lifecycle.state(live, news)["description"] == "v2"
    published = build_schema()["resources"]["datarobot-workloads:index:Workload"]
    assert published["inputProperties"]["description"]["type"] == "string"
    assert "description" in sdk.workload.OUTPUTS
    assert "description" in definitions.WorkloadInputs.__annotations__  # the SDK's kwargs
