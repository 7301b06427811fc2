"""Between the engine's wire form and the plain dicts the lifecycle code works on.

The lifecycle (`lifecycle/`) works on snake_case dicts of plain Python values, with
unknowns as the wire sentinel string (as the Python dynamic provider host hands them over)
and whole numbers as ints (`engine_numbers`, as `base.ApiResourceProvider` hands them over).
Programs that use the generated SDKs (TypeScript, YAML, ...) speak the schema's camelCase
names, and the provider interface hands over `PropertyValue` trees. This module is the
only translation between the two, so the lifecycle code stays exactly one implementation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental.property_value import Computed, PropertyValue

from ..contract.declared import to_camel as to_camel
from ..engine_numbers import whole_number
from ..unknowns import UNKNOWN, is_unknown

_UPPER = re.compile(r"[A-Z]")


def to_snake(name: str) -> str:
    """`imageUri` -> `image_uri`; names that are already snake_case stay as they are."""
    return _UPPER.sub(lambda m: "_" + m.group(0).lower(), name)


def keys_to_snake(value: Any) -> Any:
    """Renames dict keys at every depth. Values are never touched: `httpRequestsPerHour`
    is a value (a scaling metric) and must reach the API as written."""
    if isinstance(value, dict):
        return {to_snake(k): keys_to_snake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys_to_snake(v) for v in value]
    return value


def keys_to_camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {to_camel(k): keys_to_camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys_to_camel(v) for v in value]
    return value


def path_to_camel(path: str) -> str:
    """`spec.container_groups[0].image_uri` -> `spec.containerGroups[0].imageUri`, so a
    check failure names the property the way the user wrote it."""
    return ".".join(_segment_to_camel(segment) for segment in path.split("."))


def _segment_to_camel(segment: str) -> str:
    name, bracket, rest = segment.partition("[")
    return to_camel(name) + bracket + rest


def to_plain(value: PropertyValue) -> Any:
    """A PropertyValue tree as plain Python; unknowns become the wire sentinel, which the
    lifecycle code already recognises (`unknowns.is_unknown`), and whole doubles ints, so
    every call and lookup of the plugin sees 8080 where the program wrote it (this is
    where the engine's values enter the plugin). Secrets arrive unwrapped: the provider
    does not accept secrets, so the engine strips and re-applies them."""
    inner = value.value
    if isinstance(inner, float):
        return whole_number(inner)
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, Mapping):
        return {k: to_plain(v) for k, v in inner.items()}
    if isinstance(inner, tuple | list):
        return [to_plain(v) for v in inner]
    return inner


def map_to_plain(values: Mapping[str, PropertyValue]) -> dict[str, Any]:
    return {k: to_plain(v) for k, v in values.items()}


def from_plain(value: Any) -> PropertyValue:
    """Plain Python back to a PropertyValue; ints become the wire's doubles.

    Unknowns go out as the wire's sentinel string, which is what the engine reads as
    unknown: the SDK 3.260 cannot marshal its own `Computed` (and unmarshals incoming
    unknowns as that same string), so the string is the one form that round-trips."""
    if is_unknown(value):
        return PropertyValue(UNKNOWN)
    if value is None or isinstance(value, bool | str):
        return PropertyValue(value)
    if isinstance(value, int | float):
        return PropertyValue(float(value))
    if isinstance(value, dict):
        return PropertyValue({k: from_plain(v) for k, v in value.items() if v is not None})
    if isinstance(value, list | tuple):
        return PropertyValue([from_plain(v) for v in value])
    raise TypeError(f"cannot send a {type(value).__name__} to the engine: {value!r}")


def map_from_plain(values: Mapping[str, Any]) -> dict[str, PropertyValue]:
    """Top-level None values are left out: an absent property, not an explicit null."""
    return {k: from_plain(v) for k, v in values.items() if v is not None}
