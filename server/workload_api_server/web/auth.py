"""Bearer tokens to owner and role; the 401 and 403 checks that come before any lookup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar, cast

from fastapi import Depends
from starlette.requests import Request

from workload_api_server.settings import Role
from workload_api_server.web.context import ServerContext, Session
from workload_api_server.web.dispatch import in_session
from workload_api_server.web.errors import Forbidden, Unauthorized

T = TypeVar("T")


@dataclass(frozen=True)
class Principal:
    """Who is asking: every object belongs to an owner, and the role limits writes."""

    owner: str
    role: Role


@dataclass(frozen=True)
class Caller:
    """An authenticated request: who is asking, and the app they asked.

    Handlers get both from this one dependency, taking only the request: FastAPI
    resolves every dependency again on each request, and a nested chain of them cost
    more CPU than the SQLite work of a GET.
    """

    context: ServerContext
    principal: Principal

    @property
    def owner(self) -> str:
        """Whose objects this request may see."""
        return self.principal.owner

    async def run(self, work: Callable[[Session], T], *, uses_runtime: bool = False) -> T:
        """`work` in one transaction as this caller (see `dispatch.in_session`)."""
        return await in_session(self.context, self.owner, work, uses_runtime=uses_runtime)


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


def _caller(request: Request) -> Caller:
    context = cast(ServerContext, request.app.state.context)
    return Caller(context, authenticate(context, request.headers.get("authorization")))


async def require_reader(request: Request) -> Caller:
    """Any known token may read and invoke."""
    return _caller(request)


async def require_editor(request: Request) -> Caller:
    """Writes need an editor; a viewer hears 403 before anything is looked up."""
    caller = _caller(request)
    if caller.principal.role != "editor":
        raise Forbidden("This token may read but not write.")
    return caller


Reader = Annotated[Caller, Depends(require_reader)]
Editor = Annotated[Caller, Depends(require_editor)]
