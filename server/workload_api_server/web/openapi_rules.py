"""Cross-field rules stated in the OpenAPI document, where JSON Schema can say them.

Types alone let a client (or a fuzzer) build bodies the server must refuse: a primary
container without a port, a workload with neither `artifactId` nor `artifact`. Each rule
below restates, as schema, a rule that `domain.rules` / `domain.current_rules` enforce,
so generated "valid" bodies are valid. What JSON Schema cannot say stays in the rule
modules and in the descriptions: exactly one primary across several container groups,
bounds that must be ordered, and references to objects that must exist.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def _present(name: str, schema: Schema) -> Schema:
    """`name` is given and not null (null means absent on the wire)."""
    return {"required": [name], "properties": {name: schema}}


def _absent(name: str) -> Schema:
    """`name` is missing or null."""
    return {"not": _present(name, {"not": {"type": "null"}})}


_PRIMARY = _present("primary", {"const": True})
_ID = {"type": "string"}
_DRAFT_OR_ABSENT = {"properties": {"status": {"enum": ["draft", None]}}}
_NOT_PRIMARY_FALSE = {"not": _present("primary", {"const": False})}


def _exactly_one(first: str, second: str, first_schema: Schema, second_schema: Schema) -> Schema:
    return {
        "oneOf": [
            {"allOf": [_present(first, first_schema), _absent(second)]},
            {"allOf": [_present(second, second_schema), _absent(first)]},
        ]
    }


_PORT = _present("port", {"type": "integer"})
_HAS_PRIMARY = {"properties": {"containers": {"contains": _PRIMARY}}}


def _spec_rule(lone: Schema, several: Schema) -> Schema:
    """One container in all: `lone` applies to it (it is the primary). Several: exactly
    one group holds a primary, that group exactly one, and `several` applies to each."""
    lone_spec = {
        "properties": {
            "containerGroups": {
                "maxItems": 1,
                "items": {"properties": {"containers": {"maxItems": 1, "items": lone}}},
            }
        }
    }
    several_spec = {
        "properties": {
            "containerGroups": {
                "contains": _HAS_PRIMARY,
                "minContains": 1,
                "maxContains": 1,
                "items": {
                    "properties": {
                        "containers": {"maxContains": 1, "contains": _PRIMARY, "items": several}
                    }
                },
            }
        }
    }
    return {"anyOf": [lone_spec, several_spec]}


def _older(schemas: dict[str, Schema]) -> None:
    # A primary container has a port; a lone container is primary (so has a port).
    schemas["Container"]["if"] = _PRIMARY
    schemas["Container"]["then"] = {"required": ["port"]}
    schemas["Container"]["then"] = _PORT
    schemas["ArtifactSpec"].update(_spec_rule({"allOf": [_NOT_PRIMARY_FALSE, _PORT]}, {}))
    # An inline artifact is created as a draft.
    inline = {"allOf": [{"$ref": "#/components/schemas/InputArtifact"}, _DRAFT_OR_ABSENT]}
    schemas["WorkloadCreate"].update(_exactly_one("artifactId", "artifact", _ID, inline))


def _current(schemas: dict[str, Schema]) -> None:
    container = schemas["CurrentContainer"]
    container["if"] = _PRIMARY
    container["then"] = _PORT
    container["anyOf"] = [
        _present("imageUri", {"type": "string"}),
        _present("imageBuildConfig", {"type": "object"}),
    ]
    sidecar_without_port = {"if": {"not": _PRIMARY}, "then": _absent("port")}
    schemas["CurrentSpec"].update(_spec_rule(_PORT, sidecar_without_port))
    # Locking needs an image for every container: this server runs no builds.
    image = _present("imageUri", {"type": "string"})
    each_container = {"items": {"properties": {"containers": {"items": image}}}}
    schemas["CurrentArtifactCreate"]["if"] = _present("status", {"const": "locked"})
    schemas["CurrentArtifactCreate"]["then"] = {
        "properties": {"spec": {"properties": {"containerGroups": each_container}}}
    }
    schemas["CurrentWorkloadCreate"].update(
        _exactly_one(
            "artifactId",
            "artifact",
            _ID,
            {"$ref": "#/components/schemas/CurrentArtifactCreate"},
        )
    )
    # Enabled autoscaling (the default once given) and a replica count exclude each other.
    schemas["CurrentRuntimeGroup"]["if"] = {
        "allOf": [
            _present("autoscaling", {"type": "object"}),
            {
                "not": _present(
                    "autoscaling",
                    {"properties": {"enabled": {"const": False}}, "required": ["enabled"]},
                )
            },
        ]
    }
    schemas["CurrentRuntimeGroup"]["then"] = _absent("replicaCount")


def state_rules(schemas: dict[str, Schema]) -> None:
    """Add both dialects' expressible cross-field rules to the component schemas."""
    _older(schemas)
    _current(schemas)
