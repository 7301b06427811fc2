"""Talks to the local server's test controls (request log, faults, reset)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
from workload_api_server.web.middleware.request_log import client_label

TOKEN = "local-dev-token"


class ServerControls:
    def __init__(self, root_url: str, base_url: str, token: str = TOKEN) -> None:
        self.root_url = root_url.rstrip("/")
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.http = httpx.Client(timeout=30)

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A direct API call (the 'out of band' actor in drift tests)."""
        headers = {"Authorization": f"Bearer {self.token}"}
        return self.http.request(
            method, f"{self.base_url}/{path.lstrip('/')}", headers=headers, **kwargs
        )

    def clear_requests(self) -> None:
        self.http.delete(f"{self.root_url}/__test__/requests").raise_for_status()

    def request_counts(self) -> Counter[str]:
        body = self.http.get(f"{self.root_url}/__test__/requests").json()
        return Counter({k: int(v) for k, v in body["counts"].items()})

    def writes(self, token: str | None = None) -> int:
        """API writes since the last clear; with `token`, only those its holder sent."""
        if token is None:
            return sum(n for key, n in self.request_counts().items() if not key.startswith("GET "))
        label = client_label(token)
        entries = self.http.get(f"{self.root_url}/__test__/requests").json()["entries"]
        return sum(1 for e in entries if e["method"] != "GET" and e.get("client") == label)

    def total_requests(self) -> int:
        return sum(self.request_counts().values())

    def set_faults(self, **spec: Any) -> None:
        self.http.put(f"{self.root_url}/__test__/faults", json=spec).raise_for_status()

    def clear_faults(self) -> None:
        self.http.delete(f"{self.root_url}/__test__/faults").raise_for_status()

    def set_variants(self, **switches: Any) -> None:
        """Answers open questions of the current dialect the other way (the server's
        `/__test__/variants`; docs/current-dialect.md)."""
        self.http.put(f"{self.root_url}/__test__/variants", json=switches).raise_for_status()

    def clear_variants(self) -> None:
        self.http.delete(f"{self.root_url}/__test__/variants").raise_for_status()

    def force_error(self, workload_id: str, message: str, log_tail: list[str]) -> None:
        self.http.post(
            f"{self.root_url}/__test__/workloads/{workload_id}/error",
            json={"message": message, "logTail": log_tail},
        ).raise_for_status()

    def status_of(self, collection: str, object_id: str) -> int:
        return self.api("GET", f"{collection}/{object_id}/").status_code
