"""Bearer tokens to owner and role; the 401 and 403 checks that come before any lookup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from workload_api_server.context import ServerContext, get_context
from workload_api_server.errors import Forbidden, Unauthorized
from workload_api_server.settings import Role


@dataclass(frozen=True)
class Principal:
    """Who is asking: every object belongs to an owner, and the role limits writes."""

    owner: str
    role: Role


def authenticate(context: ServerContext, authorization: str | None) -> Principal:
    """401 for a missing, malformed or unknown token."""
    if not authorization:
        raise Unauthorized("Missing bearer token.")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("The Authorization header must be 'Bearer <token>'.")
    grant = context.grants.get(token.strip())
    if grant is None:
        raise Unauthorized("Invalid token.")
    return Principal(owner=grant.owner, role=grant.role)


async def require_reader(
    request: Request, context: Annotated[ServerContext, Depends(get_context)]
) -> Principal:
    """Any known token may read and invoke."""
    return authenticate(context, request.headers.get("authorization"))


async def require_editor(
    request: Request, context: Annotated[ServerContext, Depends(get_context)]
) -> Principal:
    """Writes need an editor; a viewer hears 403 before anything is looked up."""
    principal = authenticate(context, request.headers.get("authorization"))
    if principal.role != "editor":
        raise Forbidden("This token may read but not write.")
    return principal


Reader = Annotated[Principal, Depends(require_reader)]
Editor = Annotated[Principal, Depends(require_editor)]
