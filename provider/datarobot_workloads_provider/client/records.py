"""Wire records: API answers parsed straight from their declarations, without pydantic.

Importing pydantic and building the wire models costs a provider process 0.05-0.08 s of
CPU, paid by the first answer of every `pulumi up` and `pulumi refresh`, while almost
every answer is plainly well formed: JSON whose every value has exactly its declared type.
So a record (`models`, declared once, as a dataclass is) parses such an answer from its
declared fields (`plain_parse`), with pydantic's lenient semantics: camelCase keys (the
snake_case name is read when the camelCase one is absent, as `populate_by_name` does),
unknown keys ignored, None where the field may be None, defaults where a field is absent,
and numbers as pydantic reads them (an int where a float is declared, a whole double where
an int is declared). Anything else (a wrong type, a string pydantic would coerce, a
missing required field, a body that is not an object) goes to the pydantic wire models
derived from the same declarations (`wire_models`), which build the same record or raise
pydantic's own error. tests/provider/client/test_records.py holds
the two paths equal.

Callers see one kind of object whichever path made it: attribute access, `model_dump`
(snake_case or `by_alias`, `exclude_none`), `model_copy(update=...)`, equality, and
`isinstance` against the record class.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Self

from ..plain_scalars import NotPlain
from .plain_parse import plain_record
from .record_dump import dumper
from .record_fields import RecordBase, is_record, list_item, wire_fields


class Record(RecordBase):
    """Base of the wire records: declared as dataclasses are, frozen, keyword-only."""

    @classmethod
    def model_validate(cls, body: Any) -> Self:
        """The answer as this record: plainly, or by the pydantic wire model."""
        try:
            made: Self = plain_record(cls, body)
        except NotPlain:
            from .wire_models import validate

            made = validate(cls, body)
        return made

    def model_dump(self, *, by_alias: bool = False, exclude_none: bool = False) -> dict[str, Any]:
        """As pydantic dumps a model: nested records as dicts, containers copied."""
        return dumper(type(self), by_alias, exclude_none)(self)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with some fields replaced, unvalidated (as pydantic's `model_copy`)."""
        made: Self = _made(type(self), {**vars(self), **(update or {})})
        return made


def built(record: type[Record], values: Mapping[str, Any]) -> Any:
    """`record` from values pydantic has validated (its `model_dump()`): nested dicts
    become their records, nothing is checked again."""
    return _made(
        record,
        {f.name: _built_value(f.value, values[f.name]) for f in wire_fields(record)},
    )


def _built_value(value_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if is_record(value_type):
        return built(value_type, value)
    item_type = list_item(value_type)
    if item_type is not None:
        return [_built_value(item_type, item) for item in value]
    return value


def _made(record: type[Record], values: dict[str, Any]) -> Any:
    made = object.__new__(record)
    object.__setattr__(made, "__dict__", values)
    return made
