"""The container of the quickstart: a tiny HTTP app that reads PORT and GREETING.

It uses only the standard library so the same entrypoint runs on any Python image, and
locally as a child process of the Workload API server.
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else None
        payload = {
            "greeting": os.environ.get("GREETING", "hello"),
            "method": self.command,
            "path": self.path,
            "prefix": self.headers.get("X-Forwarded-Prefix"),
            "body": body,
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, format: str, *args: object) -> None:
        print(format % args, flush=True)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
