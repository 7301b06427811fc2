"""The current dialect's list conventions and filters, over the shared `listing`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import QueryParams

from workload_api_server.web.listing import ListStyle

_BASE_SORTS = {"name": "name", "createdAt": "created_at", "updatedAt": "updated_at"}
REPOSITORY_STYLE = ListStyle(
    default_limit=10, sort_parameter="orderBy", sort_attributes=_BASE_SORTS
)
ARTIFACT_STYLE = ListStyle(
    default_limit=10, sort_parameter="orderBy", sort_attributes={**_BASE_SORTS, "status": "status"}
)
WORKLOAD_STYLE = ListStyle(
    default_limit=10,
    sort_parameter="orderBy",
    sort_attributes={**_BASE_SORTS, "status": "status", "importance": "importance_rank"},
)
# A workload's replacement history sorts like repositories: by name or time.
HISTORY_STYLE = REPOSITORY_STYLE
IMPORTANCE_RANK = {"low": "0", "moderate": "1", "high": "2", "critical": "3"}


@dataclass(frozen=True)
class Row:
    """One listed object with what filters and sorting read; `view` is what is answered."""

    seq: int
    id: str
    name: str
    description: str
    created_at: str
    updated_at: str
    status: str
    view: Any
    importance_rank: str = ""
    facets: dict[str, str | None] = field(default_factory=dict)


def search_matches(row: Row, search: str) -> bool:
    """Name, description, or part of the ID, ignoring case."""
    needle = search.casefold()
    return (
        needle in row.name.casefold() or needle in row.description.casefold() or (needle in row.id)
    )


def values(params: QueryParams, name: str) -> set[str] | None:
    """A filter given as `name=a&name=b`, `name=a,b` or `name[]=a`; None when absent."""
    raw = [*params.getlist(name), *params.getlist(f"{name}[]")]
    found = {part for value in raw for part in value.split(",") if part}
    return found or None


def kept(rows: Iterable[Row], params: QueryParams, names: Sequence[str]) -> list[Row]:
    """Rows whose facet matches one of the values of each filter given in the query."""
    filters = [(values(params, name), name) for name in names]
    return [
        row
        for row in rows
        if all(wanted is None or row.facets.get(name) in wanted for wanted, name in filters)
    ]


def filter_parameters(*names: str) -> list[dict[str, Any]]:
    """OpenAPI entries for the extra filters."""
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "style": "form",
            "explode": True,
            "schema": {"type": "array", "items": {"type": "string"}},
            "description": "Only objects with one of these values (repeat, or comma separated).",
        }
        for name in names
    ]
