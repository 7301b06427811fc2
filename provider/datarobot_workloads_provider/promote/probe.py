"""Reads through an invoke URL, and a deployment's error count: what gates and
verification look at.

Only GETs: a gate or a dry run must not change anything, and an app's health and
version paths are reads. Each answer is kept whole enough to explain a failure
(status and the start of the body), never raised: a failing health check is an
observation, not an error of this command.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import httpx

if TYPE_CHECKING:
    from ..client.api import WorkloadApi

SNIPPET = 200


@dataclass(frozen=True)
class Answer:
    """One GET through an invoke URL: its status, or why there was none."""

    url: str
    status: int | None
    body: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def failure(self) -> str:
        if self.status is None:
            return f"could not be reached ({self.error})"
        text = " ".join(self.body.split())[:SNIPPET]
        return f"answered {self.status}" + (f" ({text})" if text else "")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Invoker(Protocol):
    def get(self, invoke_url: str, path: str) -> Answer:
        """GET `path` of the app behind `invoke_url`."""


class HttpInvoker:
    """GETs app paths through invoke URLs with the stack's token."""

    def __init__(self, token: str, *, timeout: float = 15.0) -> None:
        self._client = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=timeout)

    def get(self, invoke_url: str, path: str) -> Answer:
        url = invoke_url.rstrip("/") + "/" + path.lstrip("/")
        try:
            response = self._client.get(url)
        except httpx.HTTPError as error:
            return Answer(url, None, error=str(error) or type(error).__name__)
        return Answer(url, response.status_code, response.text)

    def close(self) -> None:
        self._client.close()


def server_errors(api: WorkloadApi, deployment_id: str) -> int:
    """5xx answers through the deployment since it was made, as its stats count them."""
    metrics = api.deployment_stats(deployment_id).metrics or {}
    return int(metrics.get("serverErrors") or 0)
