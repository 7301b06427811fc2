"""A model container whose health the promote tests choose, run by the process runtime.

promote_support writes one copy per behaviour into the test's project, each with
BEHAVIOUR (and LOCK_PATH) filled in, and dev's `app` config picks one:
- "healthy": /health answers 200;
- "unhealthy": /health answers 503 (the model failed to load);
- "singleton": the first instance takes an exclusive lock on LOCK_PATH and is healthy;
  any other instance answers 503 on /health. Healthy in dev, failing in prod once dev
  runs it: the kind of fault only the target shows.
- "slow": listens only after 6 s (a model that takes a while to load), so an `up`
  creating it can be interrupted while it waits.
- "flagged": healthy until a file exists at FLAG_PATH (a dependency that goes away while
  it runs): a test turns a running version unhealthy everywhere at once.
Every other path answers JSON naming IMAGE_URI, as the example's app does.
"""

import fcntl
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BEHAVIOUR = "healthy"
LOCK_PATH = ""
FLAG_PATH = ""


def healthy() -> tuple[bool, str]:
    if BEHAVIOUR == "unhealthy":
        return False, "the model failed to load"
    if BEHAVIOUR == "singleton" and not HOLDS_LOCK:
        return False, f"another instance holds {LOCK_PATH}"
    if BEHAVIOUR == "flagged" and os.path.exists(FLAG_PATH):
        return False, f"its dependency is gone ({FLAG_PATH} exists)"
    return True, "ok"


def take_lock() -> bool:
    # Kept open, not closed by a with block: the lock lasts as long as the process.
    handle = open(LOCK_PATH, "a")  # noqa: SIM115
    LOCK_HANDLES.append(handle)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


LOCK_HANDLES: list[object] = []
HOLDS_LOCK = take_lock() if BEHAVIOUR == "singleton" else False


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, payload: dict[str, object]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/healthz":
            self._send(200, {"status": "ok"})
        elif self.path == "/health":
            ok, why = healthy()
            self._send(200 if ok else 503, {"status": why})
        else:
            self._send(200, {"imageUri": os.environ.get("IMAGE_URI", ""), "path": self.path})

    def log_message(self, format: str, *args: object) -> None:
        print(format % args, flush=True)


if __name__ == "__main__":
    if BEHAVIOUR == "slow":
        time.sleep(6)
    ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
