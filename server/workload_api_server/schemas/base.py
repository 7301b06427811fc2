"""The base every wire model shares: camelCase names, strict types, unknown fields rejected."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class WireModel(BaseModel):
    """Strict, because the local server stands in for the contract.

    A client that sends `"1"` for an integer or a misspelt field must fail here, before it
    meets the real service. Python attribute names stay snake_case; the wire sees aliases.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        serialize_by_alias=True,
        validate_by_alias=True,
        validate_by_name=False,
    )


class ResponseModel(WireModel):
    """Responses are built in Python by field name; the wire still sees camelCase."""

    model_config = ConfigDict(validate_by_name=True)
