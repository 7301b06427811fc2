"""Per-app state (no module globals) and the per-request unit of work.

`create_app` builds one `ServerContext` and hangs it on `app.state`; API handlers reach
it through their caller (`auth.Caller`), the test controls through `get_context`. A
`Session` is one request's transaction together with who is asking and what time it is,
so every rule in a request sees one `now`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import cast

from starlette.requests import Request

from workload_api_server.domain.api_variants import ApiVariants, Variants
from workload_api_server.domain.rollout_faults import RolloutFaults
from workload_api_server.runtime import WorkloadRuntime, build_runtime
from workload_api_server.settings import Settings, TokenGrant
from workload_api_server.store.database import Database, Transaction
from workload_api_server.web.middleware.faults import FaultInjector
from workload_api_server.web.middleware.request_log import RequestLog


@dataclass
class ServerContext:
    """Everything one app instance owns."""

    settings: Settings
    database: Database
    runtime: WorkloadRuntime
    grants: dict[str, TokenGrant]
    request_log: RequestLog
    faults: FaultInjector
    rollout_faults: RolloutFaults
    variants: ApiVariants

    @classmethod
    def open(cls, settings: Settings) -> ServerContext:
        """Open the data directory and start the chosen runtime."""
        return cls(
            settings=settings,
            database=Database(settings.data_dir),
            runtime=build_runtime(settings),
            grants={grant.token: grant for grant in settings.grants()},
            request_log=RequestLog(),
            faults=FaultInjector(),
            rollout_faults=RolloutFaults(),
            variants=ApiVariants(),
        )

    def reset(self) -> None:
        """Back to an empty server, as the test reset control promises."""
        self.runtime.reset()
        self.database.wipe()
        self.request_log.clear()
        self.faults.clear()
        self.rollout_faults.clear()
        self.variants.clear()

    def close(self) -> None:
        """End child processes and release the database."""
        self.runtime.close()
        self.database.close()


@dataclass(frozen=True)
class Session:
    """One request's view: its transaction, its owner, and its single `now`."""

    tx: Transaction
    owner: str
    now: float
    step_seconds: float
    runtime: WorkloadRuntime
    settings: Settings
    rollout_faults: RolloutFaults
    # The answers switched by the test control (`domain.api_variants`), as of this request.
    variants: Variants

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection inside the open transaction."""
        return self.tx.connection


@contextmanager
def open_session(context: ServerContext, owner: str, *, wait: bool = True) -> Iterator[Session]:
    """A transaction for `owner`; everything inside commits together or not at all.

    With `wait=False`, raises `DatabaseBusy` on entry rather than wait for another one.
    """
    with context.database.transaction(wait=wait) as tx:
        yield Session(
            tx=tx,
            owner=owner,
            now=context.settings.clock(),
            step_seconds=context.settings.step_seconds,
            runtime=context.runtime,
            settings=context.settings,
            rollout_faults=context.rollout_faults,
            variants=context.variants.current,
        )


async def get_context(request: Request) -> ServerContext:
    """Dependency: the context of the app serving this request."""
    return cast(ServerContext, request.app.state.context)
