"""Plainly well-formed answers parsed into records, with pydantic's lenient semantics.

An answer is plain when it is a JSON object whose every declared field is absent, None
where the field may be None, or of exactly its declared type. Two numbers are read as
pydantic reads them: an int where a float is declared becomes that float, and a whole
float where an int is declared becomes that int (a server may write a port as 8080.0; the
provider's own inputs, read with these records before they are sent, arrive with whole
numbers as ints already, turned back from the engine's doubles by the front doors). Each
scalar's rule is declared once (`plain_scalars.ANSWERS`).
camelCase keys are read, and the snake_case name when the camelCase one is absent
(`populate_by_name`); unknown keys are ignored. Anything else raises `NotPlain`: the
record then asks its pydantic model (`wire_models`), which may coerce it or word the
error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..plain_scalars import ANSWERS, BRANCH_NAMES, NotPlain
from .record_fields import is_record, list_item, wire_fields


def plain_record(record: type, body: Any) -> Any:
    """The answer as `record`, or NotPlain when pydantic must decide."""
    return reader(record)(body)


def reader(record: type) -> Callable[[Any], Any]:
    known = _READERS.get(record)
    if known is None:
        known = _READERS[record] = _new_reader(record)
    return known


_READERS: dict[type, Callable[[Any], Any]] = {}
_ABSENT: Any = object()


def _new_reader(record: type) -> Callable[[Any], Any]:
    """A parser of `record`, written out field by field and compiled, as `dataclasses`
    writes `__init__`, with its nested records inline: a loop over the fields, or a call
    per nested record, costs more than pydantic's compiled validator, and an `up` of a
    few hundred workloads parses thousands of answers, so the plain path must not be the
    slower one. The source holds nothing but the record's declared names."""
    namespace: dict[str, Any] = {
        **BRANCH_NAMES,
        "ABSENT": _ABSENT,
        "new": object.__new__,
        "set_attribute": object.__setattr__,
    }
    lines = ["def read(body):", "    if type(body) is not dict:", "        raise NotPlain"]
    lines += _record_lines(record, "body", "    ", namespace)
    lines.append("    return body")
    exec("\n".join(lines), namespace)
    read: Callable[[Any], Any] = namespace["read"]
    return read


def _record_lines(record: type, source: str, pad: str, namespace: dict[str, Any]) -> list[str]:
    """Reads the dict in variable `source` as `record`, into that same variable."""
    namespace[f"{source}_record"] = record
    lines: list[str] = []
    entries = []
    for index, item in enumerate(wire_fields(record)):
        value = f"{source}_{index}"
        lines.append(f"{pad}{value} = {source}.get({item.alias!r}, ABSENT)")
        if item.name != item.alias:
            lines.append(f"{pad}if {value} is ABSENT:")
            lines.append(f"{pad}    {value} = {source}.get({item.name!r}, ABSENT)")
        # The usual case first: present, of its type; then None, absent, or not plain.
        lines += _present_lines(item.value, value, pad, namespace)
        lines.append(f"{pad}elif {value} is None:")
        lines.append(f"{pad}    pass" if item.nullable else f"{pad}    raise NotPlain")
        lines.append(f"{pad}elif {value} is ABSENT:")
        if item.default is None:
            lines.append(f"{pad}    raise NotPlain")
        elif item.constant and item.default() is None:
            lines.append(f"{pad}    {value} = None")
        else:
            namespace[f"{value}_default"] = item.default
            lines.append(f"{pad}    {value} = {value}_default()")
        lines += [f"{pad}else:", f"{pad}    raise NotPlain"]
        entries.append(f"{item.name!r}: {value}")
    lines.append(f"{pad}{source} = new({source}_record)")
    lines.append(f"{pad}set_attribute({source}, '__dict__', {{{', '.join(entries)}}})")
    return lines


def _present_lines(value_type: Any, value: str, pad: str, namespace: dict[str, Any]) -> list[str]:
    """The branch taken by a value of its declared type (an `if` the caller continues)."""
    scalar = ANSWERS.get(value_type)
    if scalar is not None:
        return scalar.lines(value, pad)
    if is_record(value_type):
        return [
            f"{pad}if type({value}) is dict:",
            *_record_lines(value_type, value, pad + "    ", namespace),
        ]
    item_type = list_item(value_type)
    reader_name = f"{value}_read"
    if item_type is not None:
        namespace[reader_name] = _value_reader(item_type)
        return [
            f"{pad}if type({value}) is list:",
            f"{pad}    {value} = [{reader_name}(x) for x in {value}]",
        ]
    namespace[reader_name] = _value_reader(value_type)
    return [f"{pad}if type({value}) is dict:", f"{pad}    {value} = {reader_name}({value})"]


def _value_reader(value_type: Any) -> Callable[[Any], Any]:
    """A reader of one value (a list's item, a `dict[str, Any]`), NotPlain for None."""
    if is_record(value_type):
        return reader(value_type)
    item_type = list_item(value_type)
    if item_type is not None:
        read_item = _value_reader(item_type)

        def read_list(value: Any) -> list[Any]:
            if type(value) is not list:
                raise NotPlain
            return [read_item(item) for item in value]

        return read_list
    if value_type is dict or getattr(value_type, "__origin__", None) is dict:
        return _read_dict
    return ANSWERS[value_type].read


def _read_dict(value: Any) -> dict[str, Any]:
    """`dict[str, Any]`: a new dict holding the same values, as pydantic gives."""
    if type(value) is not dict:
        raise NotPlain
    for key in value:
        if type(key) is not str:
            raise NotPlain
    return dict(value)
