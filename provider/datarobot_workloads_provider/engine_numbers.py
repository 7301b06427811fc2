"""The engine's numbers as the program wrote them: whole doubles become ints.

The Pulumi engine carries every number as a double, so a port of 8080 reaches a provider
as 8080.0 and `limit: 10` as 10.0. Each front door applies this where the engine's values
enter it, before anything else reads them: the dynamic host (`base.ApiResourceProvider`)
to the olds, news and props of every call, the plugin in its translation of the engine's
values (`native.wire.to_plain`), which every call and lookup goes through. So the
lifecycle, the checks and the lookups see 8080, never 8080.0, and no code below the front
doors converts numbers again.

This is one place for both doors rather than one in the lifecycle because it is a fact
about the engine's wire, like the names and unknowns the doors already translate; the
lifecycle stays plain Python over plain values, whoever calls it.

The state is unchanged by it: both hosts hand every number back to the engine as a double,
so 8080 is stored as it always was, and a whole value compares equal either way (1 == 1.0).
What is not a whole number stays as it is: 0.5, NaN and the infinities; and so does a
double beyond 2**53, where whole doubles no longer stand for one integer each. Bools are
not numbers here; dicts and lists are walked, their keys and every other value (strings,
the wire's unknown sentinel, the dynamic host's `Unknown` objects) left untouched.

Cheap on purpose (it runs on every call): no imports, one walk of plain containers.
"""

from __future__ import annotations

from typing import Any

# Up to this magnitude every whole double is exactly one integer (the same bound the
# client's records read whole doubles with).
EXACT_INTEGER = 2**53


def whole_number(value: float) -> int | float:
    """One double: an int when it is whole and exact, else the double itself."""
    if value.is_integer() and -EXACT_INTEGER <= value <= EXACT_INTEGER:
        return int(value)
    return value


def whole_numbers(value: Any) -> Any:
    """`value` with every whole double in it, at any depth, an int (new dicts and lists)."""
    if isinstance(value, float):
        return whole_number(value)
    if isinstance(value, dict):
        return {key: whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [whole_numbers(item) for item in value]
    return value
