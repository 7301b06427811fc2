"""Dependencies and helpers every router uses."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from workload_api_server.web.body import RequestBody, read_body
from workload_api_server.web.context import ServerContext, get_context
from workload_api_server.web.middleware import API_PREFIX

Body = Annotated[RequestBody, Depends(read_body)]
# The test controls' way to the context; API handlers get it from their `auth.Caller`.
Context = Annotated[ServerContext, Depends(get_context)]


def api_root(request: Request) -> str:
    """`{endpoint}` as the client reached us, so links work from the client's side."""
    return f"{str(request.base_url).rstrip('/')}{API_PREFIX}"


def item_url(request: Request, collection: str, object_id: str) -> str:
    """The absolute URL of a new object, for the `Location` header of a create answer."""
    return f"{str(request.base_url).rstrip('/')}{collection}{object_id}"
