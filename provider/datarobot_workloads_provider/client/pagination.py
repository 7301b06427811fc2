"""Walks the list envelope by its `next` links, so callers never compute offsets."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .transport import Transport


def iterate(
    transport: Transport, path: str, params: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Yields every item of every page; the server's `next` URL keeps the query."""
    from .models import Page

    body = transport.request("GET", path, params=dict(params or {}))
    while True:
        page = Page.model_validate(body or {})
        yield from page.data
        if not page.next or not page.data:
            return
        body = transport.request("GET", path, absolute_url=page.next)
