"""Waiting for a rolling replacement (current dialect) to finish, and how it ended.

The API reports a replacement on the workload (`replacement`) while it runs and a little
after it ends; a completed record then disappears, an errored one stays with its message.
So, as DataRobot's own clients observe it: our record `errored` (or `failed`) is a
failure; `completed` is success; no record at all while the workload already runs what
was asked (`arrived`) is success too; anything else is in progress. When our record was
seen and is gone but the workload does not show what was asked, the workload's history
says how it ended (an API may clear an errored record as it clears a completed one).
The workload keeps running its old version throughout, so a failure leaves it
serving what it served before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import progress
from .client.errors import ApiError
from .contract.statuses import REPLACEMENT_DONE, REPLACEMENT_FAILED
from .waiting import watch_of

if TYPE_CHECKING:
    from .client.api import WorkloadApi
    from .client.models import Replacement, Workload


class RolloutFailed(Exception):
    """The replacement failed or did not finish in time; the message names the workload
    and says what the API said."""


def wait_for_replacement(
    api: WorkloadApi,
    workload_id: str,
    started: Replacement,
    artifact_id: str,
    arrived: Callable[[Workload], bool],
    *,
    label: str,
    timeout: float,
) -> Workload:
    """Returns the workload once the replacement `started` completed; raises RolloutFailed
    when it errored or took longer than `timeout` seconds. The workload is read by the
    API client's shared status poll (`waiting.StatusWatch`), at its pace: a fleet rolled
    over at once is read by a few list calls per round, not a GET per workload."""
    seen = False
    seen_id = started.id
    last_status = started.status
    with watch_of(api).follow(workload_id, timeout=timeout) as answers:
        while True:
            elapsed, answer = next(answers)
            if isinstance(answer, ApiError):
                raise answer
            workload = answer
            record = workload.replacement
            ours = record is not None and (
                started.id is None or record.id is None or record.id == started.id
            )
            if ours and record is not None:
                seen = True
                seen_id = record.id or seen_id
                if record.status != last_status:
                    progress.info(f"{label}: replacement {record.status} ({elapsed:.1f}s)")
                    last_status = record.status
                if record.status in REPLACEMENT_FAILED:
                    raise RolloutFailed(_failed(label, artifact_id, record.message))
                if record.status in REPLACEMENT_DONE and workload.artifact_id == artifact_id:
                    return workload
            elif workload.artifact_id == artifact_id and arrived(workload):
                return workload
            elif seen:
                # Ours ended without the workload showing what was asked: an API may
                # clear an errored record as it clears a completed one, and a runtime
                # rolled onto the same artifact shows no new artifact ID. Its history
                # says how it ended.
                ended = _settled(api, workload_id, seen_id)
                if ended is not None and ended.status in REPLACEMENT_FAILED:
                    raise RolloutFailed(_failed(label, artifact_id, ended.message))
                if workload.artifact_id == artifact_id and (
                    ended is None or ended.status in REPLACEMENT_DONE
                ):
                    return workload
            if elapsed >= timeout:
                raise RolloutFailed(
                    f"{label}: the rolling replacement onto artifact {artifact_id} did not "
                    f"finish within {timeout:g}s (last: {last_status}); raise "
                    "start_timeout_seconds if it needs longer"
                )


def wait_until_settled(api: WorkloadApi, workload_id: str, *, label: str, timeout: float) -> None:
    """Returns once the workload shows no replacement in progress (none, or one that
    completed or failed), whoever asked for it; raises RolloutFailed after `timeout`."""
    settled = REPLACEMENT_DONE | REPLACEMENT_FAILED
    with watch_of(api).follow(workload_id, timeout=timeout) as answers:
        while True:
            elapsed, answer = next(answers)
            if isinstance(answer, ApiError):
                raise answer
            record = answer.replacement
            if record is None or record.status in settled:
                return
            if elapsed >= timeout:
                raise RolloutFailed(
                    f"{label}: the replacement in progress ({record.status}) did not end "
                    f"within {timeout:g}s; raise start_timeout_seconds if it needs longer"
                )


def _failed(label: str, artifact_id: str, message: str | None) -> str:
    return (
        f"{label}: the rolling replacement onto artifact {artifact_id} failed: "
        f"{message or 'no message from the API'}; the workload keeps serving its previous "
        "version, and the next `pulumi up` tries again"
    )


def _settled(api: WorkloadApi, workload_id: str, record_id: str | None) -> Replacement | None:
    """Our replacement as the workload's history keeps it, or None when that cannot tell
    (no ID to look for, not there yet, no history in this API)."""
    if record_id is None:
        return None
    try:
        for record in api.replacement_history(workload_id):
            if record.id == record_id:
                return record
    except ApiError:
        return None
    return None
