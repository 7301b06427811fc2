"""The server's test controls, plus what the resilience tests read that e2e tests do not."""

from __future__ import annotations

from typing import Any

from tests.support.server import ServerControls

# Every fault the server can inject (schemas/controls.py FaultKind).
ALL_FAULTS = ["429", "500", "502", "503", "latency", "drop_before", "drop_after"]


class Controls(ServerControls):
    """ServerControls with the fault counters and the request log's entries."""

    def faults(self) -> dict[str, Any]:
        """`{"active", ..., "injected": {kind: n}}`."""
        body: dict[str, Any] = self.http.get(f"{self.root_url}/__test__/faults").json()
        return body

    def injected(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.faults()["injected"].items()}

    def entries(self) -> list[dict[str, Any]]:
        body = self.http.get(f"{self.root_url}/__test__/requests").json()
        return list(body["entries"])

    def everywhere(self, rate: float, seed: int, **extra: Any) -> None:
        """Faults of every kind on every endpoint and method, reproducibly seeded."""
        self.set_faults(
            rate=rate, kinds=ALL_FAULTS, latencyMs=200, retryAfter=1, seed=seed, **extra
        )


def add_counts(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    """Sums fault counters of several phases."""
    return {k: total.get(k, 0) + more.get(k, 0) for k in sorted(set(total) | set(more))}
