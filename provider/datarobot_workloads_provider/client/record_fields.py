"""The fields of a wire record, read once from its dataclass declaration (`models`).

What every derivation of a record needs (the plain parser, the dump, the pydantic wire
model): each field's name, its camelCase name on the wire, its value type, whether it may
be None, and its default.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Union

from ..contract.declared import to_camel


@dataclasses.dataclass(frozen=True)
class WireField:
    """One field. `value` is str, int, float, bool, `dict[str, Any]`, a record class or
    `list[...]` of one of these; `default` is called for a field left out (None: the field
    is required); `constant` says the default is a plain value, not a factory."""

    name: str
    alias: str
    value: Any
    nullable: bool
    default: Callable[[], Any] | None
    constant: bool


def wire_fields(record: type) -> tuple[WireField, ...]:
    """The declared fields of a record class, in declaration order."""
    known = _FIELDS.get(record)
    if known is None:
        known = _FIELDS[record] = _read_fields(record)
    return known


def is_record(value_type: Any) -> bool:
    """A nested record (every record is a dataclass; no other value type is)."""
    return isinstance(value_type, type) and dataclasses.is_dataclass(value_type)


def list_item(value_type: Any) -> Any | None:
    """The item type of `list[T]`, or None for any other type."""
    if typing.get_origin(value_type) is list:
        (item,) = typing.get_args(value_type)
        return item
    return None


# Per record class, worked out once: an `up` parses thousands of answers.
_FIELDS: dict[type, tuple[WireField, ...]] = {}


def _read_fields(record: type) -> tuple[WireField, ...]:
    hints = typing.get_type_hints(record)
    out = []
    for item in dataclasses.fields(record):
        value, nullable = _unwrap_optional(hints[item.name])
        default: Callable[[], Any] | None = None
        constant = item.default is not dataclasses.MISSING
        if item.default_factory is not dataclasses.MISSING:
            default = item.default_factory
        elif constant:
            default = functools.partial(_constant, item.default)
        alias = to_camel(item.name)
        out.append(WireField(item.name, alias, value, nullable, default, constant))
    return tuple(out)


def _constant(value: Any) -> Any:
    return value


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        if len(members) != 1:
            raise TypeError(f"a wire field has one value type, not {annotation!r}")
        return members[0], True
    return annotation, False
