"""The simulated runtime: a running workload answers with a JSON echo of the request.

The echo shows what a real app would have received (method, app path, query, body) and
which spec it runs (`imageUri` of the captured primary container), so tests can check
routing and spec capture without any container.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from workload_api_server.runtime.base import (
    AppRequest,
    AppResponse,
    Observation,
    RunTarget,
    primary_container,
)


def _echo_body(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


class SimulatedRuntime:
    """Nothing runs, so a workload is always ready once its schedule says so."""

    blocks = False

    def launch(self, target: RunTarget) -> None:
        """Nothing to start."""

    def observe(self, target: RunTarget, *, check_readiness: bool) -> Observation:
        """Always ready: the schedule alone decides the status."""
        return Observation(state="ready")

    def halt(self, workload_id: str) -> None:
        """Nothing to end."""

    def launch_candidate(self, target: RunTarget) -> None:
        """Nothing to start."""

    def observe_candidate(self, target: RunTarget, *, check_readiness: bool) -> Observation:
        """Always ready: the schedule alone decides."""
        return Observation(state="ready")

    def drop_candidate(self, workload_id: str) -> None:
        """Nothing to end."""

    def drain_now(self, workload_id: str) -> None:
        """Nothing is kept."""

    def switch(self, workload_id: str, generation: int, drain_after_seconds: float) -> None:
        """Nothing runs; the echo follows the workload's captured spec at once."""

    def invoke(self, target: RunTarget, request: AppRequest) -> AppResponse:
        """The echo the contract describes."""
        echo: dict[str, Any] = {
            "method": request.method,
            "path": request.path,
            "query": parse_qs(request.query_string.decode("latin-1"), keep_blank_values=True),
            "body": _echo_body(request.body),
            "workloadId": target.workload_id,
            "imageUri": primary_container(target.spec)["imageUri"],
        }
        if request.deployment_id is not None:
            echo["deploymentId"] = request.deployment_id
        return AppResponse(
            status_code=200,
            headers=[(b"content-type", b"application/json")],
            body=json.dumps(echo).encode("utf-8"),
        )

    def reset(self) -> None:
        """Nothing to end."""

    def close(self) -> None:
        """Nothing to end."""
