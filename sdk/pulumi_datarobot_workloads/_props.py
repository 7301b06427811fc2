"""Turning typed args into the property bag a dynamic resource registers, and auto-naming."""

from __future__ import annotations

import dataclasses
from typing import Any

import pulumi
from datarobot_workloads_provider.naming import default_api_name


def plain(value: Any) -> Any:
    """Dataclass args become dicts (None fields dropped); Outputs are left for Pulumi."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def auto_name(resource_name: str, type_name: str) -> str:
    """The API name when none is given: the Pulumi name plus a suffix unique per stack.

    The suffix is derived, not random, so `preview` shows the name `up` will use, and the
    name stays the same across updates.
    """
    return default_api_name(pulumi.get_project(), pulumi.get_stack(), type_name, resource_name)


def with_outputs(inputs: dict[str, Any], output_names: tuple[str, ...]) -> dict[str, Any]:
    """Declares output properties (None) so Pulumi exposes them as attributes."""
    props = {k: v for k, v in inputs.items() if v is not None}
    for key in output_names:
        props.setdefault(key, None)
    return props
