"""Wire records as declared (`models`), and their fields as every derivation reads them.

A record is declared as a dataclass is (annotated fields, defaults, `field(default_factory=
...)`), and mypy types it as one (`dataclass_transform`: keyword-only, frozen). At run time
it is lighter than a dataclass: its methods are written once here, for every record,
rather than compiled per class, since every provider process that talks to the API
declares about twenty records before its first answer.

What every derivation of a record needs (the plain parser, the dump, the pydantic wire
model) is read once per class (`wire_fields`): each field's name, its camelCase name on
the wire, its value type, whether it may be None, and its default.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, Union

from typing_extensions import dataclass_transform

from ..contract.declared import to_camel


@dataclass_transform(
    kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,)
)
class RecordBase:
    """Keyword construction with the declared defaults, frozen, equal by type and fields,
    shown as a dataclass is."""

    def __init__(self, **values: Any) -> None:
        known = {}
        for item in wire_fields(type(self)):
            if item.name in values:
                known[item.name] = values.pop(item.name)
            elif item.default is None:
                raise TypeError(f"{type(self).__name__}() needs {item.name!r}")
            else:
                known[item.name] = item.default()
        if values:
            raise TypeError(f"{type(self).__name__}() has no field {next(iter(values))!r}")
        object.__setattr__(self, "__dict__", known)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash(tuple(vars(self).values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in vars(self).items())
        return f"{type(self).__qualname__}({shown})"


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
    return isinstance(value_type, type) and issubclass(value_type, RecordBase)


def list_item(value_type: Any) -> Any | None:
    """The item type of `list[T]`, or None for any other type."""
    if typing.get_origin(value_type) is list:
        (item,) = typing.get_args(value_type)
        return item
    return None


# Per record class, worked out once: an `up` parses thousands of answers.
_FIELDS: dict[type, tuple[WireField, ...]] = {}


def _read_fields(record: type) -> tuple[WireField, ...]:
    """Base classes' fields first, each class's in the order written (as dataclasses)."""
    out = []
    for name, annotation in typing.get_type_hints(record).items():
        value, nullable = _unwrap_optional(annotation)
        declared = next((c.__dict__[name] for c in record.__mro__ if name in c.__dict__), _NONE)
        default: Callable[[], Any] | None = None
        constant = False
        if isinstance(declared, dataclasses.Field):
            default = declared.default_factory  # type: ignore[assignment]
        elif declared is not _NONE:
            default, constant = functools.partial(_constant, declared), True
        out.append(WireField(name, to_camel(name), value, nullable, default, constant))
    return tuple(out)


_NONE: Any = object()


def _constant(value: Any) -> Any:
    return value


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        if len(members) != 1:
            raise TypeError(f"a wire field has one value type, not {annotation!r}")
        return members[0], True
    return annotation, False
