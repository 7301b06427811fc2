"""A small HTTP load generator for "the server alone": requests per second and latency.

It is asyncio over raw keep-alive connections, one per simulated client, with just enough
HTTP/1.1 to read a response (status line, Content-Length, body). That keeps the client's
own cost per request around a tenth of a millisecond, far below the server's, so on a
2-core machine the figures describe the server. Its CPU use is measured and reported all
the same: when it nears one full core, the client, not the server, was the limit.

It only ever talks to 127.0.0.1, and every run is bounded in time and in requests.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.stats import percentile

LOOPBACK = "127.0.0.1"
MAX_REQUESTS = 200_000


class LoadError(RuntimeError):
    """The server answered something the load generator cannot read."""


@dataclass(frozen=True)
class LoadResult:
    """One bounded run at a fixed number of concurrent clients."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    client_cpu: float
    """CPU time of this process during the run, as a fraction of one core."""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


RequestFactory = Callable[[], bytes]


def get_request(path: str, token: str) -> RequestFactory:
    """GET of one object, the same bytes every time."""
    data = (
        f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: application/json\r\n\r\n"
    ).encode()
    return lambda: data


def post_request(path: str, token: str, body_for: Callable[[int], object]) -> RequestFactory:
    """POST of a JSON body; `body_for(n)` makes the n-th body (unique names, for example)."""
    counter = itertools.count()

    def make() -> bytes:
        body = json.dumps(body_for(next(counter))).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        return head + body

    return make


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, keep-alive) of one response, its body read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split(" ", 2)[1])
    except (IndexError, ValueError) as exc:
        raise LoadError(f"unreadable status line {lines[0]!r}") from exc
    length: int | None = None
    keep_alive = True
    for line in lines[1:]:
        name, _, value = line.partition(":")
        lowered = name.strip().lower()
        if lowered == "content-length":
            length = int(value.strip())
        elif lowered == "connection" and value.strip().lower() == "close":
            keep_alive = False
        elif lowered == "transfer-encoding":
            raise LoadError("chunked responses are not expected from this API")
    if length is None:
        raise LoadError("a response without Content-Length")
    await reader.readexactly(length)
    return status, keep_alive


async def _client(
    port: int,
    make_request: RequestFactory,
    record_from: float,
    deadline: float,
    budget: list[int],
    latencies: list[float],
    errors: list[int],
) -> None:
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    try:
        while budget[0] > 0:
            started = time.perf_counter()
            if started >= deadline:
                return
            budget[0] -= 1
            writer.write(make_request())
            status, keep_alive = await _read_response(reader)
            if started >= record_from:
                latencies.append(time.perf_counter() - started)
                if status >= 400:
                    errors[0] += 1
            if not keep_alive:
                writer.close()
                reader, writer = await asyncio.open_connection(LOOPBACK, port)
    finally:
        writer.close()


async def _run(
    port: int, make_request: RequestFactory, clients: int, warmup: float, duration: float
) -> LoadResult:
    started = time.perf_counter()
    record_from = started + warmup
    deadline = record_from + duration
    budget = [MAX_REQUESTS]
    latencies: list[float] = []
    errors = [0]
    cpu_at_start: float | None = None

    async def mark_start() -> None:
        nonlocal cpu_at_start
        await asyncio.sleep(max(0.0, record_from - time.perf_counter()))
        cpu_at_start = time.process_time()

    marker = asyncio.create_task(mark_start())
    await asyncio.gather(
        *(
            _client(port, make_request, record_from, deadline, budget, latencies, errors)
            for _ in range(clients)
        )
    )
    await marker
    finished = time.perf_counter()
    cpu = time.process_time() - (cpu_at_start if cpu_at_start is not None else 0.0)
    # Requests in flight at the deadline finish after it; measure up to the last answer.
    seconds = max(finished - record_from, 1e-9)
    ordered = sorted(latencies)
    return LoadResult(
        requests=len(ordered),
        errors=errors[0],
        seconds=seconds,
        p50_ms=percentile(ordered, 0.50) * 1000,
        p99_ms=percentile(ordered, 0.99) * 1000,
        client_cpu=cpu / seconds,
    )


def run_load(
    port: int,
    make_request: RequestFactory,
    *,
    clients: int,
    warmup: float = 0.5,
    duration: float = 5.0,
) -> LoadResult:
    """`clients` keep-alive connections sending back-to-back requests for `duration` seconds
    after `warmup` seconds whose requests are not counted (connections and caches warm)."""
    return asyncio.run(_run(port, make_request, clients, warmup, duration))
