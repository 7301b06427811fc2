"""What the API needs from a runtime, independent of how workloads actually run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol


@dataclass(frozen=True)
class RunTarget:
    """One accepted start of a workload: the spec captured then, and its generation.

    The runtime is told the captured spec rather than reading the live artifact, because a
    running workload keeps the spec it started with until it is started again.
    """

    workload_id: str
    generation: int
    spec: dict[str, Any]
    replica_count: int


@dataclass(frozen=True)
class Observation:
    """What a runtime sees of a starting workload."""

    state: Literal["starting", "ready", "exited"]
    message: str = ""
    log_tail: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppRequest:
    """An invoke request as the workload's app should see it (external prefix removed)."""

    method: str
    path: str
    raw_path: str
    query_string: bytes
    headers: list[tuple[str, str]]
    body: bytes
    prefix: str
    deployment_id: str | None


@dataclass(frozen=True)
class AppResponse:
    """The app's answer, relayed to the client as is."""

    status_code: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class WorkloadRuntime(Protocol):
    """Runs workloads. Calls never raise for a failing workload: failures are observed."""

    @property
    def blocks(self) -> bool:
        """Whether calls may wait on something slow (processes, sockets).

        Requests whose work calls a blocking runtime run in a worker thread, never on the
        event loop (see `web.dispatch`).
        """

    def launch(self, target: RunTarget) -> None:
        """Begin running `target` (idempotent per generation)."""

    def observe(self, target: RunTarget, *, check_readiness: bool) -> Observation:
        """Report on a starting workload; `check_readiness` asks whether it serves yet."""

    def halt(self, workload_id: str) -> None:
        """End whatever runs for the workload (stop, delete, forced error), candidates too."""

    def launch_candidate(self, target: RunTarget) -> None:
        """Begin running a replacement's candidate beside the serving version."""

    def observe_candidate(self, target: RunTarget, *, check_readiness: bool) -> Observation:
        """Report on a candidate as `observe` does on a starting workload."""

    def drop_candidate(self, workload_id: str) -> None:
        """End the candidate of a failed or canceled replacement; the serving one stays."""

    def drain_now(self, workload_id: str) -> None:
        """End previous versions kept after a switch now (once their requests answered)."""

    def switch(self, workload_id: str, generation: int, drain_after_seconds: float) -> None:
        """Send new invokes to the candidate of `generation`; end the previous version once
        `drain_after_seconds` have passed and its requests in flight have answered."""

    def invoke(self, target: RunTarget, request: AppRequest) -> AppResponse:
        """Answer an invoke request for a running workload."""

    def reset(self) -> None:
        """End everything (test reset); the runtime stays usable."""

    def close(self) -> None:
        """End everything at server shutdown."""


def primary_container(spec: dict[str, Any]) -> dict[str, Any]:
    """Stored specs always have exactly one primary container (rules enforce it)."""
    containers: list[dict[str, Any]] = [
        container for group in spec["containerGroups"] for container in group["containers"]
    ]
    for container in containers:
        if container.get("primary"):
            return container
    return containers[0]
