"""Where a request's work runs: on the event loop when it cannot block, else in a thread.

Most requests are one short SQLite transaction. Handing that to the thread pool and back
(as FastAPI does for a plain `def` endpoint) cost more CPU than the transaction itself:
about 0.3 ms per request, more under concurrency as threads contend for the GIL. So
handlers are `async` and run their work inline, unless it could stall the event loop:

- the database lock is taken without waiting; if a worker thread holds it (possibly
  across slow work, such as a process runtime probing a workload), the work goes to a
  thread and waits there instead;
- work that calls the runtime runs inline only if the runtime never blocks (simulated).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from workload_api_server.store.database import DatabaseBusy
from workload_api_server.web.context import ServerContext, Session, open_session

T = TypeVar("T")


def _in_waiting_session(context: ServerContext, owner: str, work: Callable[[Session], T]) -> T:
    with open_session(context, owner) as session:
        return work(session)


async def in_session(
    context: ServerContext,
    owner: str,
    work: Callable[[Session], T],
    *,
    uses_runtime: bool = False,
) -> T:
    """`work(session)` in one transaction for `owner`, inline if that cannot block."""
    if not (uses_runtime and context.runtime.blocks):
        try:
            with open_session(context, owner, wait=False) as session:
                return work(session)
        except DatabaseBusy:
            # Raised only on entry, before `work` ran: nothing happened yet.
            pass
    return await run_in_threadpool(_in_waiting_session, context, owner, work)
