"""The host's process: its command line, the gRPC server, and when to stop.

The engine starts the host in a process group of its own, reads the port from the first
line of stdout, and on shutdown sends SIGINT to the group (SIGKILL five seconds later).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sys
import threading
from collections.abc import Sequence
from concurrent import futures
from typing import Any

import grpc
from language_host.program_run import EXEC_SCRIPT_NAME
from language_host.protos import lang_grpc
from language_host.service import LanguageHost

#: The engine allows messages this large (rpcutil.maxRPCMessageSize).
MAX_MESSAGE_BYTES = 400 * 1024 * 1024


@dataclasses.dataclass
class HostArgs:
    """Command line of the host: the engine's flags plus our ``--executor``."""

    engine_address: str = ""
    tracing: str = ""
    executor: str = ""


#: Go-style flags that take a value in the next argument (unless written as -flag=value).
_VALUE_FLAGS = frozenset(
    {"tracing", "executor", "use-executor", "virtualenv", "root", "typechecker", "toolchain", "v"}
)


def parse_args(argv: Sequence[str]) -> HostArgs:
    """Parse Go ``flag``-style arguments (``-x``, ``--x``, ``-x=v``, ``-x v``).

    The engine passes logging/tracing flags we do not use; unknown ones must not stop the
    host, so they are skipped instead of rejected. The last positional is the engine address.
    """
    result = HostArgs()
    positionals: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if not item.startswith("-") or item in ("-", "--"):
            positionals.append(item)
            continue
        name, has_value, value = item.lstrip("-").partition("=")
        if not has_value and name in _VALUE_FLAGS and i < len(items):
            value = items[i]
            i += 1
        if name == "tracing":
            result.tracing = value
        elif name in ("executor", "use-executor"):
            result.executor = value
    if positionals:
        result.engine_address = positionals[-1]
    return result


def find_executor(given: str) -> str:
    """Locate pulumi-language-python-exec: --executor, then PATH (``.engine/bin``)."""
    if given and os.path.isfile(given):
        return given
    return shutil.which(EXEC_SCRIPT_NAME) or ""


def watch_parent(stop: threading.Event, server: Any) -> None:
    """Stop serving when the engine that started us is gone (we were re-parented).

    The engine normally interrupts us itself; this covers it being killed with SIGKILL,
    so no orphaned host lingers. (The Go host polls the engine's health endpoint.)
    """
    parent = os.getppid()
    while not stop.wait(1.0):
        if os.getppid() != parent:
            server.stop(grace=2)
            stop.set()


def main(argv: Sequence[str]) -> int:
    """Serve on a free local port, print it for the engine, and wait until told to stop."""
    args = parse_args(argv)
    host = LanguageHost(args.engine_address, find_executor(args.executor), args.tracing)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="langhost"),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
        ],
    )
    lang_grpc.add_LanguageRuntimeServicer_to_server(host, server)
    port = server.add_insecure_port("127.0.0.1:0")
    if not port:
        print("language host: could not bind a local port", file=sys.stderr)
        return 1
    server.start()
    print(port, flush=True)

    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        # The engine interrupts our whole process group, so running programs already got
        # SIGINT; a SIGTERM was meant for us alone and is passed on.
        if signum == signal.SIGTERM:
            host.interrupt_children()
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    threading.Thread(target=watch_parent, args=(stop, server), daemon=True).start()
    while not stop.wait(0.5):
        pass
    server.stop(grace=1).wait(3)
    return 0
