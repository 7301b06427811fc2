"""How workloads run: simulated (an echo) or as local child processes."""

from __future__ import annotations

from pathlib import Path

from workload_api_server.runtime.base import WorkloadRuntime
from workload_api_server.runtime.process import ProcessRuntime
from workload_api_server.runtime.simulated import SimulatedRuntime
from workload_api_server.settings import Settings


def build_runtime(settings: Settings) -> WorkloadRuntime:
    """One runtime per app, chosen by `--runtime`."""
    if settings.runtime == "process":
        return ProcessRuntime(
            Path(settings.data_dir),
            probe_timeout_seconds=settings.probe_timeout_seconds,
            max_log_bytes=settings.max_log_bytes,
            # An app's answer is held in memory like a request body, so the same bound.
            max_response_bytes=settings.max_body_bytes,
        )
    return SimulatedRuntime()


__all__ = ["WorkloadRuntime", "build_runtime"]
