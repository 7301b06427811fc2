"""What users may write: strict input models, snake_case, with the contract's ranges.

`check` validates with these before anything talks to the API, so a typo fails
`pulumi preview` with the property path instead of a 422 halfway through `pulumi up`.

The models are built from the declarations (`args` for the nested shapes, `definitions`
for each resource's inputs): strict types, required fields, defaults and ranges come from
there. Only what a type and a range cannot say is written here: a probe's path is
absolute, a scaling policy's counts are ordered.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from .contract.args import SHAPES, ProbeArgs, Rule, ScalingPolicyArgs
from .contract.declared import MISSING, Declared, fields_of, shape_name
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
    @model_validator(mode="after")
    def _ordered(self) -> Any:
        values = self.__dict__
        if values["max_count"] < values["min_count"]:
            raise ValueError("max_count must be >= min_count")
        return self


_BASES: dict[type, type[Strict]] = {ProbeArgs: _ProbeRules, ScalingPolicyArgs: _ScalingPolicyRules}
MODELS: dict[type, type[BaseModel]] = {}


def _annotation(value_type: Any) -> Any:
    """The strict model's annotation for a declared plain type."""
    origin = getattr(value_type, "__origin__", None)
    if origin is list:
        (item,) = value_type.__args__
        return list[_annotation(item)]  # type: ignore[misc]
    if isinstance(value_type, type) and dataclasses.is_dataclass(value_type):
        return MODELS[value_type]
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
        model = MODELS[default]
        return (annotation, Field(default_factory=model, **options))
    if default is MISSING:
        return (annotation | None, Field(default=None, **options))
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        default = MODELS[type(default)].model_validate(dataclasses.asdict(default))
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


for _shape in SHAPES:
    MODELS[_shape] = _shape_model(_shape)

INPUT_MODELS: dict[str, type[BaseModel]] = {r.type_name: _input_model(r) for r in RESOURCES}
ArtifactInput = INPUT_MODELS[ARTIFACT_DEFINITION.type_name]
WorkloadInput = INPUT_MODELS[WORKLOAD.type_name]
DeploymentInput = INPUT_MODELS[DEPLOYMENT.type_name]
