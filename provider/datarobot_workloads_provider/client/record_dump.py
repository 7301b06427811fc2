"""Records dumped as pydantic dumps a model: nested records as dicts, containers copied.

`by_alias` gives camelCase keys; `exclude_none` leaves out None fields of records at every
depth, but not the items of a `dict[str, Any]` field (pydantic leaves those alone too).
A dump is written out per record class and flags, and compiled, as the parser is
(`plain_parse`): the lifecycle dumps every answer it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .record_fields import is_record, list_item, wire_fields

_Dump = Callable[[Any], dict[str, Any]]
_DUMPERS: dict[tuple[type, bool, bool], _Dump] = {}


def dumper(record: type, by_alias: bool, exclude_none: bool) -> _Dump:
    key = (record, by_alias, exclude_none)
    known = _DUMPERS.get(key)
    if known is None:
        known = _DUMPERS[key] = _new_dumper(record, by_alias, exclude_none)
    return known


def json_copy(value: Any) -> Any:
    """Lists and dicts copied at every depth; anything else as it is."""
    if type(value) is dict:
        return {key: json_copy(item) for key, item in value.items()}
    if type(value) is list:
        return [json_copy(item) for item in value]
    return value


def _new_dumper(record: type, by_alias: bool, exclude_none: bool) -> _Dump:
    namespace: dict[str, Any] = {"json_copy": json_copy}
    lines = ["def dump(made):", "    values = made.__dict__", "    out = {}"]
    for index, item in enumerate(wire_fields(record)):
        key = item.alias if by_alias else item.name
        dumped = _dumped(item.value, f"dump{index}", namespace, by_alias, exclude_none)
        lines.append(f"    v = values[{item.name!r}]")
        if exclude_none:
            lines += ["    if v is not None:", f"        out[{key!r}] = {dumped}"]
        elif dumped == "v":
            lines.append(f"    out[{key!r}] = v")
        else:
            lines.append(f"    out[{key!r}] = None if v is None else {dumped}")
    lines.append("    return out")
    exec("\n".join(lines), namespace)
    dump: _Dump = namespace["dump"]
    return dump


def _dumped(
    value_type: Any, name: str, namespace: dict[str, Any], by_alias: bool, exclude_none: bool
) -> str:
    """The expression that dumps a non-None value `v` of `value_type`."""
    if is_record(value_type):
        namespace[name] = dumper(value_type, by_alias, exclude_none)
        return f"{name}(v)"
    item_type = list_item(value_type)
    if item_type is not None and is_record(item_type):
        namespace[name] = dumper(item_type, by_alias, exclude_none)
        return f"[{name}(x) for x in v]"
    if item_type is not None or value_type is dict or getattr(value_type, "__origin__", 0) is dict:
        return "json_copy(v)"
    return "v"
