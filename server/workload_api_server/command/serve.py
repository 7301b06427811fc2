"""Running the app under uvicorn on a socket we bind ourselves.

Binding first means `--port 0` works and the ready line names the real port. The ready
line is printed only once uvicorn has finished startup, so whoever waits for it can
connect at once. It is the only thing written to stdout; logs go to stderr.

The server is one process (workload processes, test controls and the request log live in
its memory), so its cost per request is what bounds its throughput. Hence the compiled
pieces, chosen explicitly rather than by uvicorn's "auto": httptools parses HTTP (the
pure-Python h11 parser cost about 0.2 ms of CPU per request) and uvloop runs the event
loop. The access log, one formatted line per request, is off unless asked for.
"""

from __future__ import annotations

import asyncio
import copy
import socket
import sys
from collections.abc import Coroutine
from typing import Any

import uvicorn
import uvloop
from uvicorn.config import LOGGING_CONFIG

from workload_api_server.web.app import WorkloadApiApp
from workload_api_server.web.limits import HttpLimits, protocol_with

READY_PREFIX = "Workload API ready at "
_GRACEFUL_SHUTDOWN_SECONDS = 5


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket; `port` 0 lets the OS choose.

    The protocol is named explicitly: asyncio enables TCP_NODELAY only on sockets whose
    `proto` is TCP, and without it every reused keep-alive connection waits ~40 ms for a
    delayed ACK between the response head and body.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def api_url(host: str, port: int) -> str:
    """The base URL clients use, as printed on the ready line."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/api/v2"


def _stderr_logging() -> dict[str, Any]:
    # Uvicorn's access log (when enabled) goes to stdout by default, which would bury the
    # ready line.
    config = copy.deepcopy(LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["stream"] = "ext://sys.stderr"
    return config


async def _serve(server: uvicorn.Server, sock: socket.socket, url: str) -> None:
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            break
        await asyncio.sleep(0.01)
    if server.started:
        sys.stdout.write(f"{READY_PREFIX}{url}\n")
        sys.stdout.flush()
    await task


def run(
    app: WorkloadApiApp,
    sock: socket.socket,
    *,
    log_level: str,
    access_log: bool = False,
    limits: HttpLimits | None = None,
    max_connections: int | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM; uvicorn drains requests, then the lifespan ends children.

    Past `max_connections` open connections (or requests in progress), uvicorn answers
    503 instead of taking on more work.
    """
    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(
        app,
        http=protocol_with(limits or HttpLimits()),
        limit_concurrency=max_connections,
        loop="uvloop",
        lifespan="on",
        log_level=log_level,
        log_config=_stderr_logging(),
        access_log=access_log,
        timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_SECONDS,
    )
    server = uvicorn.Server(config)
    # `loop="uvloop"` only takes effect through `Server.run`, which binds its own socket;
    # serving our socket, the runner is given uvloop's loop directly.
    _run_on(uvloop.new_event_loop(), _serve(server, sock, api_url(host, port)))


def _run_on(loop: asyncio.AbstractEventLoop, main: Coroutine[Any, Any, None]) -> None:
    """`asyncio.Runner(loop_factory=...)` for Python 3.10 too: run `main`, then cancel
    what is left, finish async generators and the default executor, and close the loop."""
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main)
    finally:
        try:
            left = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in left:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
