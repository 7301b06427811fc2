"""Workload status in the current dialect, derived like the older one (see `lifecycle`).

The same stored phase reads as submitted -> provisioning -> launching -> running here (one
step each), where the older dialect reads submitted -> initializing -> running. Draft
workloads also end on their own: `terminated`, a time limit after their last start.
"""

from __future__ import annotations

from typing import Literal

from workload_api_server.domain.lifecycle import Phase

CurrentStatus = Literal[
    "submitted",
    "provisioning",
    "launching",
    "running",
    "stopping",
    "stopped",
    "errored",
    "terminated",
]

# Start is a no-op on these (200); stop is a no-op on the second set (200).
STARTED: frozenset[CurrentStatus] = frozenset({"submitted", "provisioning", "launching", "running"})
HALTED: frozenset[CurrentStatus] = frozenset({"stopping", "stopped"})


def scheduled_current_status(phase: Phase, since: float, step: float, now: float) -> CurrentStatus:
    """Where the schedule alone puts the workload; the runtime may hold it at `launching`."""
    if phase in ("errored", "terminated"):
        return phase
    elapsed = now - since
    if phase == "stopping":
        return "stopping" if elapsed < step else "stopped"
    for index, status in enumerate(("submitted", "provisioning", "launching")):
        if elapsed < (index + 1) * step:
            return status  # type: ignore[return-value]
    return "running"
