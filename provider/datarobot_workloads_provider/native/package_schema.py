"""The Pulumi package schema, derived from the resource definitions.

Generated SDKs (`pulumi package add`) and YAML's type checker read this schema. Inputs
come from the same strict models `check` validates with (`schema`, themselves built from
`definitions` and `args`), outputs from each definition's outputs: a new field reaches
TypeScript and YAML users without a second edit, and cannot disagree with what `check`
accepts.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

import pydantic

from .. import definitions
from ..contract import args as contract_args
from ..definitions import Resource
from ..lookups import LOOKUPS, PARAMS, Lookup
from ..package_name import PACKAGE
from ..schema import input_model
from ..version import __version__
from .wire import to_camel

MODULE = "index"
VERSION = __version__

Json = dict[str, Any]


@dataclass(frozen=True)
class ResourceKind:
    """One resource of the package: its definition and the input model derived from it."""

    definition: Resource

    @property
    def type_name(self) -> str:
        return self.definition.type_name

    @property
    def input_model(self) -> type[pydantic.BaseModel]:
        return input_model(self.definition.type_name)

    @property
    def description(self) -> str:
        return self.definition.doc

    @property
    def token(self) -> str:
        return f"{PACKAGE}:{MODULE}:{self.type_name}"


_STRING: Json = {"type": "string"}

ARTIFACT = ResourceKind(definitions.ARTIFACT)
WORKLOAD = ResourceKind(definitions.WORKLOAD)
DEPLOYMENT = ResourceKind(definitions.DEPLOYMENT)
KINDS: tuple[ResourceKind, ...] = (ARTIFACT, WORKLOAD, DEPLOYMENT)
KIND_BY_TOKEN: dict[str, ResourceKind] = {kind.token: kind for kind in KINDS}

# Inputs the Python SDK fills in for the user (`name` from the resource name); the
# provider does the same in check, so the schema must not require them.
DEFAULTED_BY_PROVIDER = frozenset({"name"})

CONFIG: dict[str, Json] = {
    "endpoint": {
        **_STRING,
        "description": "Workload API base URL, e.g. https://app.datarobot.com/api/v2 "
        "(else DATAROBOT_ENDPOINT).",
    },
    "apikey": {
        **_STRING,
        "secret": True,
        "description": "API token (else DATAROBOT_API_TOKEN). Set it with --secret.",
    },
    "tracecontext": {
        **_STRING,
        "description": "Sent as the X-DataRobot-Api-Consumer-Trace header, as DataRobot's "
        "own clients do (else DATAROBOT_TRACE_CONTEXT).",
    },
    "dialect": {
        **_STRING,
        "description": "The Workload API's dialect: older (the default: /console/workloads/, "
        "deployments) or current (/workloads/, locked versions, rolling replacement in "
        "place) (else DATAROBOT_API_DIALECT).",
    },
}


def type_token(model: type) -> str:
    """`ContainerInput` -> `datarobot-workloads:index:Container`."""
    return f"{PACKAGE}:{MODULE}:{model.__name__.removesuffix('Input')}"


def function_token(lookup: Lookup) -> str:
    """`getArtifact` -> `datarobot-workloads:index:getArtifact` (TypeScript: getArtifact)."""
    return f"{PACKAGE}:{MODULE}:{lookup.name}"


FUNCTION_BY_TOKEN: dict[str, Lookup] = {function_token(lookup): lookup for lookup in LOOKUPS}


def lookup_hints(lookup: Lookup) -> dict[str, Any]:
    """The lookup's annotations, evaluated; the API client it takes is not part of them."""
    return typing.get_type_hints(lookup.run, localns={"WorkloadApi": object})


def lookup_parameters(lookup: Lookup) -> list[inspect.Parameter]:
    """What a caller passes: every parameter after the API client."""
    return list(inspect.signature(lookup.run).parameters.values())[1:]


def integer_parameters(lookup: Lookup) -> frozenset[str]:
    """Parameters typed `int`: the wire carries every number as a double."""
    hints = lookup_hints(lookup)
    return frozenset(p.name for p in lookup_parameters(lookup) if _strip(hints[p.name]) is int)


def enum_name(literal: Any) -> str:
    """The name a set of values is declared under in `contract.args` (`Importance`...):
    the name Python users import, and the enum type's name in every generated SDK."""
    for name, value in vars(contract_args).items():
        if typing.get_origin(value) is Literal and value == literal:
            return name
    raise TypeError(f"{literal!r} has no name in contract.args: declare it there")


class _Builder:
    """Walks the pydantic models once, collecting the object types they reference."""

    def __init__(self) -> None:
        self.types: dict[str, Json] = {}

    def model_properties(
        self, model: type[pydantic.BaseModel]
    ) -> tuple[dict[str, Json], list[str]]:
        properties: dict[str, Json] = {}
        required: list[str] = []
        for name, field in model.model_fields.items():
            spec = self.property(field.annotation)
            notes = [spec.pop("description", ""), field.description or ""]
            default = field.default
            if isinstance(default, str | bool | int | float):
                # Said, not declared as a schema `default`: generated SDKs would then send
                # it on the user's behalf, and the wire inputs would differ from what the
                # program wrote (the provider applies the same default in check anyway).
                notes.append(f"Default: {json.dumps(default)}.")
            text = " ".join(note for note in notes if note)
            if text:
                spec["description"] = text
            properties[to_camel(name)] = spec
            if field.is_required():
                required.append(to_camel(name))
        return properties, required

    def property(self, annotation: Any) -> Json:
        annotation = _strip(annotation)
        origin = typing.get_origin(annotation)
        if origin is Literal:
            # A named enum type, so generated SDKs accept exactly these values (TypeScript
            # refuses `importance: "medium"` at compile time, YAML at its type check);
            # "One of" stays in the description for readers of the schema and the docs.
            values = typing.get_args(annotation)
            one_of = "One of: " + ", ".join(map(str, values)) + "."
            token = f"{PACKAGE}:{MODULE}:{enum_name(annotation)}"
            self.types[token] = {
                "type": "string",
                "description": one_of,
                "enum": [{"value": value} for value in values],
            }
            return {"$ref": f"#/types/{token}", "description": one_of}
        if origin is list:
            (item,) = typing.get_args(annotation)
            return {"type": "array", "items": self.property(item)}
        if annotation is dict or origin is dict:
            return {"$ref": "pulumi.json#/Any"}
        if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
            token = type_token(annotation)
            if token not in self.types:
                self.types[token] = {}
                self.types[token] = {"type": "object", **self.dataclass_properties(annotation)}
            return {"$ref": f"#/types/{token}"}
        if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
            token = type_token(annotation)
            if token not in self.types:
                self.types[token] = {}  # reserve first: models may refer to each other
                properties, required = self.model_properties(annotation)
                self.types[token] = {
                    "type": "object",
                    "properties": properties,
                    "required": required,
                }
            return {"$ref": f"#/types/{token}"}
        simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
        if annotation in simple:
            return {"type": simple[annotation]}
        raise TypeError(f"no schema type for {annotation!r}")

    def resource(self, kind: ResourceKind) -> Json:
        inputs, required = self.model_properties(kind.input_model)
        required = [name for name in required if name not in map(to_camel, DEFAULTED_BY_PROVIDER)]
        outputs = {name: self.open_enum(spec) for name, spec in inputs.items()}
        for declared in kind.definition.outputs:
            spec = self.property(declared.type)
            out = declared.marker(definitions.Out)
            if out is not None and out.doc:
                spec["description"] = out.doc
            outputs[to_camel(declared.name)] = spec
        always = ["name", "createdAt", "updatedAt"]
        return {
            "description": kind.description,
            "inputProperties": inputs,
            "requiredInputs": required,
            "properties": outputs,
            "required": sorted(set(required) | {n for n in always if n in outputs}),
        }

    def open_enum(self, spec: Json) -> Json:
        """A resource's own output is a plain string where its input is an enum: programs
        pass `artifact.status` on to string inputs (`artifactStatus`), which Pulumi YAML's
        type check refuses from an enum; the input keeps the enum that refuses a typo."""
        ref = spec.get("$ref", "").removeprefix("#/types/")
        if "enum" not in self.types.get(ref, {}):
            return spec
        return {"type": "string", "description": spec["description"]}

    def dataclass_properties(self, cls: type) -> Json:
        """A lookup's result: every field, required unless it may be None."""
        hints = typing.get_type_hints(cls)
        properties: dict[str, Json] = {}
        required: list[str] = []
        for item in dataclasses.fields(cls):
            properties[to_camel(item.name)] = self.property(hints[item.name])
            if not _optional(hints[item.name]):
                required.append(to_camel(item.name))
        return {"properties": properties, "required": required}

    def function(self, lookup: Lookup) -> Json:
        hints = lookup_hints(lookup)
        properties: dict[str, Json] = {}
        required: list[str] = []
        for parameter in lookup_parameters(lookup):
            spec = self.property(hints[parameter.name])
            notes = [PARAMS[parameter.name]]
            if parameter.default not in (inspect.Parameter.empty, None):
                notes.append(f"Default: {json.dumps(parameter.default)}.")
            spec["description"] = " ".join(notes)
            properties[to_camel(parameter.name)] = spec
            if parameter.default is inspect.Parameter.empty:
                required.append(to_camel(parameter.name))
        return {
            "description": lookup.doc,
            "inputs": {"properties": properties, "required": required},
            "outputs": self.dataclass_properties(hints["return"]),
        }


def _optional(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (Union, types.UnionType) and type(None) in (
        typing.get_args(annotation)
    )


def _strip(annotation: Any) -> Any:
    """`Annotated[int, Field(...)] | None` -> `int`: optionality is expressed by `required`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"unions are not expressible in the schema: {annotation!r}")
            annotation = args[0]
        else:
            return annotation


def build_schema() -> Json:
    """The whole package schema as a JSON-ready dict."""
    builder = _Builder()
    resources = {kind.token: builder.resource(kind) for kind in KINDS}
    functions = {function_token(lookup): builder.function(lookup) for lookup in LOOKUPS}
    return {
        "name": PACKAGE,
        "displayName": "DataRobot Workloads",
        "version": VERSION,
        "description": "Artifacts, workloads and deployments of the DataRobot Workload API.",
        "config": {"variables": CONFIG},
        "provider": {
            "description": "Where the Workload API is and how to authenticate.",
            "inputProperties": CONFIG,
        },
        "resources": resources,
        "functions": functions,
        "types": dict(sorted(builder.types.items())),
        "language": {
            "nodejs": {"respectSchemaVersion": True},
            "python": {"respectSchemaVersion": True},
        },
    }


def schema_json() -> str:
    return json.dumps(build_schema(), indent=2, sort_keys=False)
