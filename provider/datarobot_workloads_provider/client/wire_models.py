"""The pydantic models of the wire records: the reference for what an answer means.

Each is derived from its record's declaration (`models`, read through
`records.wire_fields`): same fields, same camelCase aliases, same defaults, and the
lenient config (unknown fields ignored, snake_case names accepted too). A record hands
them every answer it cannot parse plainly (`records.Record.model_validate`): they coerce
what pydantic coerces and raise pydantic's errors, and what they accept is built into the
very record the plain path would have made. Imported only then, so a provider process
that meets only well-formed answers never loads pydantic.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from .record_fields import is_record, list_item, wire_fields
from .records import Record, built

R = TypeVar("R", bound=Record)


class Wire(BaseModel):
    model_config = ConfigDict(
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        # Built on first use: a fallback needs the models of its own answer only.
        defer_build=True,
    )


def validate(record: type[R], body: Any) -> R:
    """`body` as `record`, by pydantic; raises pydantic's ValidationError."""
    validated = model_of(record).model_validate(body)
    made: R = built(record, validated.model_dump())
    return made


def model_of(record: type[Record]) -> type[Wire]:
    """The pydantic model of a record class (nested records become nested models)."""
    known = _MODELS.get(record)
    if known is None:
        known = _MODELS[record] = _new_model(record)
    return known


_MODELS: dict[type, type[Wire]] = {}


def _new_model(record: type[Record]) -> type[Wire]:
    fields: dict[str, Any] = {}
    for item in wire_fields(record):
        annotation = _annotation(item.value)
        if item.nullable:
            annotation = annotation | None
        if item.default is None:
            info = Field(alias=item.alias)
        elif item.constant:
            info = Field(alias=item.alias, default=item.default())
        else:
            info = Field(alias=item.alias, default_factory=item.default)
        fields[item.name] = (annotation, info)
    model: type[Wire] = create_model(record.__name__, __base__=Wire, **fields)
    return model


def _annotation(value_type: Any) -> Any:
    if is_record(value_type):
        return model_of(value_type)
    item = list_item(value_type)
    if item is not None:
        return list[_annotation(item)]  # type: ignore[misc]
    return value_type
