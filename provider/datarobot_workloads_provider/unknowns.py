"""Values that are not known yet during `pulumi preview` (outputs of resources to create)."""

from __future__ import annotations

from typing import Any

from pulumi.output import Unknown

# The wire sentinel for an unknown value (pulumi.runtime.rpc). The dynamic provider host
# hands unknowns to check/diff as `pulumi.output.Unknown` objects and serializes either
# form back to this sentinel, so both count as unknown here.
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def contains_unknown(value: Any) -> bool:
    if is_unknown(value):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


def value_at(value: Any, path: tuple[str | int, ...]) -> Any:
    """Follows a pydantic error location; stops early (returning it) at an unknown."""
    current = value
    for part in path:
        if is_unknown(current):
            return current
        if isinstance(current, dict) and isinstance(part, str):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            return None
    return current
