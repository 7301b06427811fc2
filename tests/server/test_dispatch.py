"""Where request work runs: inline on the event loop, unless it could stall the loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from workload_api_server.settings import Settings
from workload_api_server.web.context import ServerContext, Session
from workload_api_server.web.dispatch import in_session

OWNER = "alice"


@pytest.fixture
def context(tmp_path: Path) -> Iterator[ServerContext]:
    opened = ServerContext.open(Settings(data_dir=tmp_path, step_seconds=0))
    yield opened
    opened.close()


def _thread(_session: Session) -> int:
    return threading.get_ident()


async def _loop_and_work_threads(context: ServerContext, *, uses_runtime: bool) -> set[int]:
    worked_in = await in_session(context, OWNER, _thread, uses_runtime=uses_runtime)
    return {threading.get_ident(), worked_in}


def test_work_runs_inline_while_the_database_is_free(context: ServerContext) -> None:
    threads = asyncio.run(_loop_and_work_threads(context, uses_runtime=True))
    assert len(threads) == 1


def test_work_waits_in_a_thread_while_another_transaction_holds_the_database(
    context: ServerContext,
) -> None:
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with context.database.transaction():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)

    async def scenario() -> tuple[set[int], int]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        asyncio.get_running_loop().call_later(0.3, release.set)
        threads = await _loop_and_work_threads(context, uses_runtime=False)
        ticker.cancel()
        return threads, ticks

    threads, ticks = asyncio.run(scenario())
    holder.join(10)
    assert len(threads) == 2, "the work ran in a worker thread"
    assert ticks >= 5, "the event loop kept running while the work waited"


def test_work_calling_a_blocking_runtime_runs_in_a_thread(tmp_path: Path) -> None:
    context = ServerContext.open(Settings(data_dir=tmp_path, step_seconds=0, runtime="process"))
    try:
        assert context.runtime.blocks
        assert len(asyncio.run(_loop_and_work_threads(context, uses_runtime=True))) == 2
        assert len(asyncio.run(_loop_and_work_threads(context, uses_runtime=False))) == 1
    finally:
        context.close()
