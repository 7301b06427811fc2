"""Request bodies, read as bytes and parsed only when a handler is ready to.

FastAPI parses a declared body before dependencies run, so a malformed body would answer
before the token is checked. The contract orders checks 401, 403, 404, then 400: handlers
therefore receive the raw bytes and ask for the JSON object after their lookups.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from starlette.requests import ClientDisconnect, Request

from workload_api_server.web.errors import BadRequest

# Real bodies nest about ten levels; the limit keeps recursive processing (null stripping,
# validation) far from Python's recursion limit.
MAX_DEPTH = 64


def _number(text: str) -> int | float:
    """A number without a fractional part is an integer, as JSON Schema (and so the
    OpenAPI document) defines it: `8080.0` is the integer 8080, `1.5` stays a float."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _reject_constant(name: str) -> NoReturn:
    # Python's json accepts NaN and Infinity, which are not JSON.
    raise ValueError(f"{name} is not valid JSON")


class RequestBody:
    """The raw request body with the contract's notion of a well-formed JSON object."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def json_object(self) -> dict[str, Any]:
        """Parse the body as a JSON object, or answer 400 with a one-sentence reason."""
        if not self.raw.strip():
            raise BadRequest("A JSON object body is required.")
        try:
            document = json.loads(
                self.raw.decode("utf-8"), parse_constant=_reject_constant, parse_float=_number
            )
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise BadRequest(f"The body is not valid JSON: {exc}") from exc
        if not isinstance(document, dict):
            raise BadRequest("The body must be a JSON object.")
        if _depth(document) > MAX_DEPTH:
            raise BadRequest(f"The body nests deeper than {MAX_DEPTH} levels.")
        try:
            # Lone surrogates (`"\ud800"`) parse, but cannot be stored or answered as UTF-8.
            json.dumps(document, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BadRequest("The body contains invalid Unicode.") from exc
        return document


def _depth(value: Any) -> int:
    """Nesting depth, computed without recursion so no body can exhaust the stack."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        current, level = pending.pop()
        deepest = max(deepest, level)
        if isinstance(current, dict):
            pending.extend((item, level + 1) for item in current.values())
        elif isinstance(current, list):
            pending.extend((item, level + 1) for item in current)
    return deepest


async def read_body(request: Request) -> RequestBody:
    """Dependency that only collects bytes, so it fails before authentication only for a
    body over the size limit (413, see `middleware.body_limit`) or one never finished."""
    try:
        return RequestBody(await request.body())
    except ClientDisconnect as exc:
        # Nobody hears this answer; it only keeps a client that left out of the error log.
        raise BadRequest("The client left before sending the whole body.") from exc


def strip_nulls(value: Any) -> Any:
    """Drop `null` members of objects, at any depth: request `null` means absent.

    Nulls inside lists are kept, because an element cannot be absent and must fail
    validation at its index instead.
    """
    if isinstance(value, dict):
        return {key: strip_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [strip_nulls(item) for item in value]
    return value
