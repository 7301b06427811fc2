"""Turns user inputs into normalized inputs or into failures that name the property path.

Plainly valid inputs are normalized from the declarations (`plain_validation`); only
the others meet the strict model (`schema`), so pydantic loads when a check has
something to say or an unknown to carry, not on every command's first check.

Whole numbers are ints by now: the front doors turn the engine's doubles back into them
(`engine_numbers`), so a port of 8080 validates as an integer and 1.5 is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .plain_validation import plainly_valid
from .spec import spec_rule_failures
from .unknowns import contains_unknown, is_unknown, value_at

if TYPE_CHECKING:
    import pydantic

RESERVED_PREFIX = "__"


@dataclass
class Validated:
    """`inputs` are normalized when everything is known; `failures` are (path, reason)."""

    inputs: dict[str, Any]
    failures: list[tuple[str, str]] = field(default_factory=list)
    complete: bool = True


def property_path(loc: tuple[str | int, ...]) -> str:
    """('spec', 'container_groups', 0, 'port') -> 'spec.container_groups[0].port'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(root)"


def check_inputs(type_name: str, news: dict[str, Any]) -> Validated:
    """The inputs of one resource type (`Artifact`...) checked against its declaration."""
    user = {k: v for k, v in news.items() if not k.startswith(RESERVED_PREFIX) and v is not None}
    plain = plainly_valid(type_name, user)
    if plain is not None:
        return _normalized(plain, user, news, [])
    import pydantic

    from .schema import input_model

    model = input_model(type_name)
    failures: list[tuple[str, str]] = []
    try:
        validated = model.model_validate(user)
    except pydantic.ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if isinstance(p, str | int))
            loc = _strip_union_tags(loc)
            if is_unknown(value_at(user, loc)) or _parent_unknown(user, loc):
                continue
            failures.append((property_path(loc), _reason(error)))
        # Unknown values (preview) stop full validation; still fill in the defaults so the
        # plan shows the same properties the update will have.
        inputs = {**_defaults(model), **news}
        return Validated(inputs=inputs, failures=failures, complete=False)
    return _normalized(validated.model_dump(mode="json"), user, news, failures)


def _normalized(
    normalized: dict[str, Any],
    user: dict[str, Any],
    news: dict[str, Any],
    failures: list[tuple[str, str]],
) -> Validated:
    """Validated inputs with the spec's own rules, unknowns and reserved keys put back."""
    if "spec" in normalized and not contains_unknown(user.get("spec")):
        failures.extend(spec_rule_failures(normalized["spec"]))
    complete = not contains_unknown(user)
    inputs = normalized if complete else _merge_unknowns(normalized, user)
    for key, value in news.items():
        if key.startswith(RESERVED_PREFIX):
            inputs[key] = value
    return Validated(inputs=inputs, failures=failures, complete=complete)


def _defaults(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    import pydantic

    out: dict[str, Any] = {}
    for name, field_info in model.model_fields.items():
        if field_info.is_required():
            continue
        value = field_info.get_default(call_default_factory=True)
        if value is None:
            continue
        out[name] = (
            value.model_dump(mode="json") if isinstance(value, pydantic.BaseModel) else value
        )
    return out


def _merge_unknowns(normalized: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """Keeps unknown values (which validation saw as plain strings) as they were."""
    merged = dict(normalized)
    for key, value in user.items():
        if contains_unknown(value):
            merged[key] = value
    return merged


def _parent_unknown(user: dict[str, Any], loc: tuple[str | int, ...]) -> bool:
    return any(is_unknown(value_at(user, loc[:i])) for i in range(1, len(loc)))


def _strip_union_tags(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Pydantic adds type names ('list[str]', 'float') to locations inside unions."""
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p and p not in _TAGS))


_TAGS = {"int", "float", "str", "bool", "none", "function-after", "constrained-float"}


def _reason(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        # One text for every front door: the check cannot tell which language wrote it.
        return (
            "unknown property (check the spelling: inputs are snake_case in Python, "
            "camelCase in TypeScript and YAML)"
        )
    if kind == "missing":
        return "is required"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        # Pydantic names its model ("instance of RuntimeInput"): a class of ours that no
        # program writes, in any language.
        return "Input should be an object"
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")
