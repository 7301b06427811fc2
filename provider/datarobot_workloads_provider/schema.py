"""What users may write: strict input models, snake_case, with the contract's ranges.

`check` validates with these before anything talks to the API, so a typo fails
`pulumi preview` with the property path instead of a 422 halfway through `pulumi up`.

The models are built from the declarations (`args` for the nested shapes, `definitions`
for each resource's inputs): strict types, required fields, defaults and ranges come from
there. Only what a type and a range cannot say is written here: a probe's path is
absolute, a scaling policy's counts are ordered.

Each model is built when a check first needs it (`input_model`), with the shapes it
contains: building them is most of what a provider process spends before its first
answer, and a process that checks only workloads and deployments (a stack whose
artifacts come from lookups) never needs the artifact spec's dozen shapes.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
    field_validator,
)

from .contract.args import ProbeArgs, Rule, ScalingPolicyArgs
from .contract.declared import Declared, fields_of, shape_name
from .contract.missing import MISSING
from .definitions import ARTIFACT as ARTIFACT_DEFINITION
from .definitions import DEPLOYMENT, RESOURCES, WORKLOAD, Resource


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _ProbeRules(Strict):
    @field_validator("path", check_fields=False)
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must start with '/'")
        return value


class _ScalingPolicyRules(Strict):
    @field_validator("max_count", check_fields=False)
    @classmethod
    def _ordered(cls, value: int, info: ValidationInfo) -> int:
        # Said without naming the other field: its name is spelled differently in each
        # language (min_count, minCount), and the failure's path names this one.
        least = info.data.get("min_count")
        if isinstance(least, int) and value < least:
            raise ValueError(f"must be >= the policy's minimum count ({least})")
        return value


_BASES: dict[type, type[Strict]] = {ProbeArgs: _ProbeRules, ScalingPolicyArgs: _ScalingPolicyRules}
# The models built so far, by declared shape and by resource type name. Checks run on
# several provider threads at once; one builds a model while the others wait for it.
MODELS: dict[type, type[BaseModel]] = {}
_INPUTS: dict[str, type[BaseModel]] = {}
_building = threading.RLock()


def shape_model(cls: type) -> type[BaseModel]:
    """The strict model of a nested shape (a container, a probe...), built once."""
    with _building:
        model = MODELS.get(cls)
        if model is None:
            model = MODELS[cls] = _shape_model(cls)
        return model


def input_model(type_name: str) -> type[BaseModel]:
    """The strict input model of one resource type (`Artifact`...), built once."""
    with _building:
        model = _INPUTS.get(type_name)
        if model is None:
            resource = next(r for r in RESOURCES if r.type_name == type_name)
            model = _INPUTS[type_name] = _input_model(resource)
        return model


def __getattr__(name: str) -> Any:
    """Every input model at once, for what describes them all (the package schema)."""
    if name == "INPUT_MODELS":
        return {r.type_name: input_model(r.type_name) for r in RESOURCES}
    by_name = {
        "ArtifactInput": ARTIFACT_DEFINITION,
        "WorkloadInput": WORKLOAD,
        "DeploymentInput": DEPLOYMENT,
    }
    if name in by_name:
        return input_model(by_name[name].type_name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _annotation(value_type: Any) -> Any:
    """The strict model's annotation for a declared plain type."""
    origin = getattr(value_type, "__origin__", None)
    if origin is list:
        (item,) = value_type.__args__
        return list[_annotation(item)]  # type: ignore[misc]
    if isinstance(value_type, type) and dataclasses.is_dataclass(value_type):
        return shape_model(value_type)
    return value_type


def _field(declared: Declared, rule: Rule | None, required: bool, default: Any) -> Any:
    options: dict[str, Any] = {}
    if rule is not None:
        for key in ("ge", "gt", "le", "min_length", "max_length"):
            if getattr(rule, key) is not None:
                options[key] = getattr(rule, key)
        if rule.doc:
            options["description"] = rule.doc
    if declared.type is float:
        options["strict"] = False  # whole numbers are fine where a float is wanted
    annotation = _annotation(declared.type)
    if required:
        return (annotation, Field(**options))
    if isinstance(default, type) and dataclasses.is_dataclass(default):
        model = shape_model(default)
        return (annotation, Field(default_factory=model, **options))
    if default is MISSING:
        return (annotation | None, Field(default=None, **options))
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        default = shape_model(type(default)).model_validate(dataclasses.asdict(default))
    return (annotation, Field(default=default, **options))


def _shape_model(cls: type) -> type[BaseModel]:
    fields = {
        declared.name: _field(declared, declared.rule, declared.required, declared.default)
        for declared in fields_of(cls)
    }
    base = _BASES.get(cls, Strict)
    return create_model(f"{shape_name(cls)}Input", __base__=base, **fields)


def _input_model(resource: Resource) -> type[BaseModel]:
    fields = {
        item.name: _field(item.declared, item.prop.rule, item.prop.required, item.prop.default)
        for item in resource.inputs
    }
    return create_model(f"{resource.type_name}Input", __base__=Strict, **fields)
