"""Valid inputs normalized straight from the declarations, without pydantic.

Importing pydantic and building a resource's strict model costs a provider process about
0.15 s, paid by the first `check` of every `pulumi preview` and `pulumi up`, while almost
every check meets inputs that are fine. So a check first walks the declarations (`args`,
`definitions`) the strict models are built from: when every value has exactly its declared
type (a scalar as the strict models take it, `plain_scalars.INPUTS`), meets its `Rule` and
the two rules the models add (`schema`), the normalized inputs are built here, equal to
what the strict model would dump. Anything else (a wrong type, a value out of range, an
unknown value of a preview, an unexpected key) answers `None`, and the check asks the
strict model, whose messages name the property; so every failure is still pydantic's,
word for word. tests/provider/test_plain_validation.py holds the two paths equal.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import typing
from typing import Any

from .contract.args import ProbeArgs, Rule, ScalingPolicyArgs
from .contract.declared import fields_of, is_literal
from .contract.missing import MISSING
from .definitions import RESOURCES, Resource
from .plain_scalars import INPUTS, NotPlain
from .unknowns import contains_unknown


def plainly_valid(type_name: str, user: dict[str, Any]) -> dict[str, Any] | None:
    """The inputs as the strict model of `type_name` would dump them (mode "json"), or
    None when the strict model must decide. `user` holds no reserved keys and no None."""
    if contains_unknown(user):
        return None
    resource = _RESOURCES[type_name]
    try:
        return _resource(resource, user)
    except NotPlain:
        return None


_RESOURCES = {r.type_name: r for r in RESOURCES}


def _resource(resource: Resource, user: dict[str, Any]) -> dict[str, Any]:
    if not {item.name for item in resource.inputs}.issuperset(user):
        raise NotPlain
    out: dict[str, Any] = {}
    for item in resource.inputs:
        prop = item.prop
        out[item.name] = _field(item.type, prop.rule, prop.required, prop.default, user, item.name)
    return out


@functools.cache
def _names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields_of(cls))


def _shape(cls: type, value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise NotPlain
    fields = fields_of(cls)
    if not _names(cls).issuperset(value):
        raise NotPlain
    out = {f.name: _field(f.type, f.rule, f.required, f.default, value, f.name) for f in fields}
    if cls is ProbeArgs and not out["path"].startswith("/"):
        raise NotPlain
    if cls is ScalingPolicyArgs and out["max_count"] < out["min_count"]:
        raise NotPlain
    return out


def _field(
    value_type: Any,
    rule: Rule | None,
    required: bool,
    default: Any,
    given: dict[str, Any],
    name: str,
) -> Any:
    if name not in given:
        if required:
            raise NotPlain
        return _default(value_type, default)
    value = given[name]
    if value is None:
        # The strict model takes None only where the field has no default of its own.
        if required or default is not MISSING:
            raise NotPlain
        return None
    return _value(value_type, rule, value)


def _default(value_type: Any, default: Any) -> Any:
    if default is MISSING:
        return None
    if isinstance(default, type) and dataclasses.is_dataclass(default):
        return _shape(default, {})
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        return _shape(type(default), dataclasses.asdict(default))
    return _json_copy(default)


# Looked up first, before `_kind`: most values are scalars.
_SCALAR_READERS = {value_type: scalar.read for value_type, scalar in INPUTS.items()}


@functools.cache
def _kind(value_type: Any) -> str:
    """What a declared type is, worked out once per type (checks run per resource)."""
    if typing.get_origin(value_type) is list:
        return "list"
    if isinstance(value_type, type) and dataclasses.is_dataclass(value_type):
        return "shape"
    if is_literal(value_type):
        return "literal"
    return "plain"


def _value(value_type: Any, rule: Rule | None, value: Any) -> Any:
    read = _SCALAR_READERS.get(value_type)
    if read is not None:
        plain = read(value)
        if rule is not None:
            if value_type is str:
                _check_length(rule, value)
            elif value_type is not bool:
                _check_range(rule, value)
        return plain
    kind = _kind(value_type)
    if kind == "list":
        if type(value) is not list:
            raise NotPlain
        _check_length(rule, value)
        (item_type,) = typing.get_args(value_type)
        return [_value(item_type, None, item) for item in value]
    if kind == "shape":
        return _shape(value_type, value)
    if kind == "literal":
        if type(value) is not str or value not in typing.get_args(value_type):
            raise NotPlain
        return value
    if value_type is dict:
        if type(value) is not dict:
            raise NotPlain
        return _json_copy(value)
    raise NotPlain


def _check_range(rule: Rule | None, value: float) -> None:
    if rule is None:
        return
    if rule.ge is not None and not value >= rule.ge:
        raise NotPlain
    if rule.gt is not None and not value > rule.gt:
        raise NotPlain
    if rule.le is not None and not value <= rule.le:
        raise NotPlain


def _check_length(rule: Rule | None, value: str | list[Any]) -> None:
    if rule is None:
        return
    if rule.min_length is not None and len(value) < rule.min_length:
        raise NotPlain
    if rule.max_length is not None and len(value) > rule.max_length:
        raise NotPlain


def _json_copy(value: Any) -> Any:
    """A copy made of JSON's own types (what a dump in mode "json" gives), else not plain."""
    if value is None or type(value) in (str, bool, int):
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise NotPlain
        return value
    if type(value) is list:
        return [_json_copy(item) for item in value]
    if type(value) is dict and all(type(key) is str for key in value):
        return {key: _json_copy(item) for key, item in value.items()}
    raise NotPlain
