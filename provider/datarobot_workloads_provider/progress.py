"""Progress messages from inside the dynamic provider process to the Pulumi output.

The dynamic provider host is not given a logger, but the engine passes its gRPC address on
the plugin's command line, so long waits ("initializing, 12s") can be shown to the user
instead of a silent spinner. Anything that goes wrong here falls back to stderr: progress
must never fail a deployment.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import Any

_ADDRESS = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\]|[\w.-]+):\d+$")
_lock = threading.Lock()
_engine: Any = None
_engine_ready = False


def _engine_stub() -> Any:
    global _engine, _engine_ready
    with _lock:
        if _engine_ready:
            return _engine
        _engine_ready = True
        address = next((a for a in reversed(sys.argv[1:]) if _ADDRESS.match(a)), None)
        if address is None:
            return None
        try:
            import grpc
            from pulumi.runtime.proto import engine_pb2_grpc

            channel = grpc.insecure_channel(address)
            _engine = engine_pb2_grpc.EngineStub(channel)
        except Exception:  # progress is best effort by design
            _engine = None
        return _engine


def info(message: str) -> None:
    """Shows one line in the `pulumi up` output (as an info diagnostic)."""
    _send(message, warning=False)


def warn(message: str) -> None:
    _send(message, warning=True)


def _send(message: str, *, warning: bool) -> None:
    engine = _engine_stub()
    if engine is not None:
        try:
            from pulumi.runtime.proto import engine_pb2

            severity = engine_pb2.WARNING if warning else engine_pb2.INFO
            engine.Log(engine_pb2.LogRequest(severity=severity, message=message), timeout=5)
            return
        except Exception:
            pass
    print(("warning: " if warning else "info: ") + message, file=sys.stderr, flush=True)
