"""List queries shared by every collection of both dialects: filter, sort, page, links.

The dialects differ in a few named values (`ListStyle`): the default page size, the name
of the sort parameter, and what may be sorted on. The current dialect adds filters of its
own, applied by its routers before `select`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qsl, urlencode

from pydantic import BaseModel
from starlette.datastructures import URL, QueryParams

from workload_api_server.domain.ids import is_id
from workload_api_server.web.errors import Unprocessable

MAX_LIMIT = 100
_INTEGER = re.compile(r"-?[0-9]+")
DEFAULT_SORT = "-createdAt"
_SORT_ATTRIBUTES = {"name": "name", "createdAt": "created_at", "updatedAt": "updated_at"}
SORT_VALUES = tuple(value for name in _SORT_ATTRIBUTES for value in (name, f"-{name}"))


class Listable(Protocol):
    """What a record needs for listing; `seq` is creation order, which breaks ties."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def created_at(self) -> str: ...
    @property
    def updated_at(self) -> str: ...
    @property
    def seq(self) -> int: ...


ItemT = TypeVar("ItemT", bound=Listable)


@dataclass(frozen=True)
class ListStyle:
    """A dialect's list conventions."""

    default_limit: int = MAX_LIMIT
    sort_parameter: str = "sort"
    sort_attributes: dict[str, str] = field(default_factory=lambda: dict(_SORT_ATTRIBUTES))
    default_sort: str = DEFAULT_SORT

    @property
    def sort_values(self) -> tuple[str, ...]:
        return tuple(value for name in self.sort_attributes for value in (name, f"-{name}"))


OLDER_STYLE = ListStyle()


@dataclass(frozen=True)
class ListQuery:
    """A validated list request."""

    offset: int
    limit: int
    ids: frozenset[str] | None
    search: str | None
    sort_attribute: str
    descending: bool
    location: str = "query"


def _integer(params: QueryParams, name: str, default: int, low: int, high: int | None) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if _INTEGER.fullmatch(raw) is None:
        raise Unprocessable({name: "must be an integer"})
    value = int(raw)
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f">= {low}"
        raise Unprocessable({name: f"must be {bounds}"})
    return value


def parse_list_query(params: QueryParams, style: ListStyle = OLDER_STYLE) -> ListQuery:
    """Unknown parameters are ignored; known ones out of range answer 422."""
    errors: dict[str, str] = {}
    offset = limit = 0
    try:
        offset = _integer(params, "offset", 0, 0, None)
    except Unprocessable as exc:
        errors.update(exc.errors or {})
    try:
        limit = _integer(params, "limit", style.default_limit, 1, MAX_LIMIT)
    except Unprocessable as exc:
        errors.update(exc.errors or {})
    sort = params.get(style.sort_parameter, style.default_sort)
    if sort not in style.sort_values:
        errors[style.sort_parameter] = f"must be one of {', '.join(style.sort_values)}"
    if errors:
        raise Unprocessable(errors, location="query")
    # `ids=a&ids=b`, `ids=a,b` and `ids[]=a` all work: clients encode arrays differently.
    values = [*params.getlist("ids"), *params.getlist("ids[]")]
    raw_ids = [part for value in values for part in value.split(",") if part]
    # An ID that cannot exist stays in the filter and simply matches nothing.
    ids = frozenset(raw_ids) if raw_ids else None
    return ListQuery(
        offset=offset,
        limit=limit,
        ids=ids,
        search=params.get("search") or None,
        sort_attribute=style.sort_attributes[sort.lstrip("-")],
        descending=sort.startswith("-"),
    )


def _name_matches(item: Listable, search: str) -> bool:
    return search.casefold() in item.name.casefold()


def select(
    items: Sequence[ItemT],
    query: ListQuery,
    matches_search: Callable[[ItemT, str], bool] = _name_matches,
) -> tuple[list[ItemT], int]:
    """Filter and sort everything, then cut the page; returns the page and the match count."""
    matches = [
        item
        for item in items
        if (query.ids is None or (is_id(item.id) and item.id in query.ids))
        and (query.search is None or matches_search(item, query.search))
    ]
    # Sort by creation order first: Python's sort is stable (also when reversed), so equal
    # keys keep creation order, as the contract asks for ties.
    matches.sort(key=lambda item: item.seq)
    matches.sort(
        key=lambda item: str(getattr(item, query.sort_attribute)), reverse=query.descending
    )
    return matches[query.offset : query.offset + query.limit], len(matches)


def _with_offset(url: URL, offset: int) -> str:
    """Keep the query exactly as sent except for `offset`."""
    pairs = parse_qsl(url.query, keep_blank_values=True)
    replaced = False
    rebuilt: list[tuple[str, str]] = []
    for key, value in pairs:
        if key == "offset":
            if not replaced:
                rebuilt.append((key, str(offset)))
                replaced = True
            continue
        rebuilt.append((key, value))
    if not replaced:
        rebuilt.append(("offset", str(offset)))
    return str(url.replace(query=urlencode(rebuilt)))


def envelope(url: URL, query: ListQuery, views: Sequence[BaseModel], total: int) -> dict[str, Any]:
    """The list envelope with absolute `next`/`previous` URLs."""
    data = [view.model_dump(mode="json") for view in views]
    end = query.offset + len(data)
    next_url = _with_offset(url, end) if end < total else None
    previous_url = (
        _with_offset(url, max(0, query.offset - query.limit)) if query.offset > 0 else None
    )
    return {
        "count": len(data),
        "next": next_url,
        "previous": previous_url,
        "data": data,
        "totalCount": total,
    }


def openapi_parameters(style: ListStyle = OLDER_STYLE) -> list[dict[str, Any]]:
    """The query parameters, documented by hand because handlers parse them themselves."""
    return [
        {
            "name": "offset",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "default": 0},
            "description": "Number of records to skip.",
        },
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": style.default_limit,
            },
            "description": "Records per page.",
        },
        {
            "name": "ids",
            "in": "query",
            "required": False,
            "style": "form",
            "explode": True,
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": "Only these IDs (repeat the parameter, or separate with commas).",
        },
        {
            "name": "search",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "Case-insensitive substring of the name"
            + (" or description, or part of the ID." if style is not OLDER_STYLE else "."),
        },
        {
            "name": style.sort_parameter,
            "in": "query",
            "required": False,
            "schema": {
                "type": "string",
                "enum": list(style.sort_values),
                "default": style.default_sort,
            },
            "description": "Sort field, `-` prefix for descending; ties keep creation order.",
        },
    ]
