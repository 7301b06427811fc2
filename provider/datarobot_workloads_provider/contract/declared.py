"""Reading the declarations (`args`, `definitions`) back as plain field descriptions.

A declaration is written for its users and for mypy: `Annotated[pulumi.Input[int],
Rule(ge=0)] | None = None`. Derivations (the strict input models, the wire models, the
package schema) want what is under that: the type `int`, the rule, whether it may be
missing, its default. `fields_of` gives exactly that, for a dataclass or a TypedDict.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

import pulumi

# Required is in `typing` from Python 3.11 only.
from typing_extensions import Required

from .args import Rule
from .missing import MISSING


@dataclass(frozen=True)
class Declared:
    """One field: `type` is plain (str, int, float, bool, dict, a Literal, `list[T]`, or a
    shape dataclass), `markers` the objects beside it in `Annotated` (rules, props)."""

    name: str
    type: Any
    required: bool
    default: Any
    markers: tuple[Any, ...]

    def marker(self, kind: type[M]) -> M | None:
        return next((m for m in self.markers if isinstance(m, kind)), None)

    @property
    def rule(self) -> Rule | None:
        return self.marker(Rule)


M = typing.TypeVar("M")


def plain(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """`Annotated[Input[X | XDict], m] | None` -> (X, (m,)): what a value of it is, once
    Outputs, awaitables, the TypedDict twins of shapes and None are set aside."""
    markers: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is Required:
            (annotation,) = typing.get_args(annotation)
            continue
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            markers.extend(extra)
            continue
        if origin in (Union, types.UnionType):
            members = [m for m in typing.get_args(annotation) if _is_value(m)]
            shapes = [m for m in members if dataclasses.is_dataclass(m)]
            if shapes:
                members = shapes
            elif len(members) > 1:
                members = [m for m in members if not typing.is_typeddict(m)]
            if len(members) != 1:
                raise TypeError(f"no single value type in {annotation!r}")
            annotation = members[0]
            continue
        if origin is list:
            (item,) = typing.get_args(annotation)
            inner, _ = plain(item)
            return list[inner], tuple(markers)  # type: ignore[valid-type]
        if origin is dict or annotation is Any:
            return dict, tuple(markers)
        return annotation, tuple(markers)


def _is_value(member: Any) -> bool:
    """Not None, not an awaitable, not an Output: the forms `pulumi.Input` adds."""
    if member is type(None):
        return False
    origin = typing.get_origin(member) or member
    return origin is not collections.abc.Awaitable and origin is not pulumi.Output


@functools.cache
def fields_of(cls: type) -> tuple[Declared, ...]:
    """The fields of a shape dataclass or a definition TypedDict, in declaration order."""
    # `pulumi.Input[X]` keeps its Output member as the forward reference "Output[T]" of
    # pulumi's own module; it resolves to an Output, which `plain` sets aside anyway.
    names = {"Output": pulumi.Output, "T": Any}
    hints = typing.get_type_hints(cls, localns=names, include_extras=True)
    if dataclasses.is_dataclass(cls):
        out = []
        for item in dataclasses.fields(cls):
            value_type, markers = plain(hints[item.name])
            default: Any = item.default
            if item.default_factory is not dataclasses.MISSING:
                default = item.default_factory()
            required = default is dataclasses.MISSING
            default = MISSING if required else default
            out.append(Declared(item.name, value_type, required, default, markers))
        return tuple(out)
    fields = []
    for name, annotation in hints.items():
        value_type, markers = plain(annotation)
        fields.append(Declared(name, value_type, False, MISSING, markers))
    return tuple(fields)


def is_literal(value_type: Any) -> bool:
    return typing.get_origin(value_type) is Literal


def shape_name(cls: type) -> str:
    """`ContainerArgs` -> `Container`: the name of a shape in the schema and wire models."""
    return cls.__name__.removesuffix("Args")


def to_camel(name: str) -> str:
    """`image_uri` -> `imageUri`: the names on the API's wire and in the package schema
    (and so in every generated SDK)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)
