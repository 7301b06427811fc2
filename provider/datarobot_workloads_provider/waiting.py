"""Waiting for a workload to reach a status: polls with backoff and reports progress.

The pace of the polls is the retry policy's `POLL`, and the clock and sleep are the API
client's (`client.retry`), so a test with a fake clock drives every wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import progress
from .client.retry import POLL

if TYPE_CHECKING:
    from .client.api import WorkloadApi
    from .client.models import Workload


class WaitFailed(Exception):
    """The workload errored or did not get there in time; `workload` is its last state."""

    def __init__(self, message: str, workload: Workload | None) -> None:
        super().__init__(message)
        self.workload = workload


def wait_for_status(
    api: WorkloadApi,
    workload_id: str,
    target: str,
    *,
    label: str,
    timeout: float,
) -> Workload:
    """Returns once the workload is `target`; fails fast on `errored`."""
    clock, sleep = api.timing.clock, api.timing.sleep
    started = clock()
    delay = POLL.first
    last_status: str | None = None
    while True:
        workload = api.get_workload(workload_id)
        elapsed = clock() - started
        if workload.status != last_status:
            if last_status is not None or workload.status != target:
                progress.info(f"{label}: {workload.status} ({elapsed:.1f}s)")
            last_status = workload.status
        if workload.status == target:
            return workload
        if workload.status == "errored" and target != "errored":
            raise WaitFailed(f"{label} errored: {describe_failure(workload)}", workload)
        if elapsed >= timeout:
            raise WaitFailed(
                f"{label} did not become {target} within {timeout:g}s "
                f"(last status: {workload.status}); raise start_timeout_seconds if it needs longer",
                workload,
            )
        sleep(min(delay, max(0.0, timeout - elapsed)))
        delay = POLL.following(delay, elapsed)


def describe_failure(workload: Workload) -> str:
    details = workload.status_details
    if details is None:
        return "no details from the server"
    text = details.message or "no message from the server"
    if details.log_tail:
        tail = "\n    ".join(details.log_tail[-20:])
        text += f"\n  last log lines:\n    {tail}"
    return text
