"""The churn model's container, small enough to run as a local process: stdlib only.

It reads PORT, IMAGE_URI and MESSAGE from its environment and answers:
- `GET /healthz`: 200 once it listens (the readiness probe: the process is up);
- `GET /health`: 200 when the model can serve (the health check `promote` runs through
  the deployment, in the stack it promotes from and the one it promotes to);
- anything else: a JSON echo naming the image it runs (`imageUri`), so the version a
  stack serves is visible through its invoke URL, as with the local server's simulated
  runtime.
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def _send(self, status: int, payload: dict[str, object]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else None
        if self.path in ("/healthz", "/health"):
            self._send(200, {"status": "ok"})
            return
        self._send(
            200,
            {
                "imageUri": os.environ.get("IMAGE_URI", ""),
                "message": os.environ.get("MESSAGE", ""),
                "method": self.command,
                "path": self.path,
                "body": body,
            },
        )

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        print(format % args, flush=True)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
