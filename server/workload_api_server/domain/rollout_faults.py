"""Test control: make the next rolling replacements fail, as a broken candidate would."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class _Planned:
    workload_id: str | None
    message: str
    remaining: int


class RolloutFaults:
    """Failures waiting for the next replacements (of one workload, or of any)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._planned: list[_Planned] = []

    def plan(self, message: str, *, workload_id: str | None = None, count: int = 1) -> None:
        """The next `count` replacements (of `workload_id`, or any) fail with `message`."""
        with self._lock:
            self._planned.append(_Planned(workload_id, message, count))

    def take(self, workload_id: str) -> str | None:
        """The message a new replacement of `workload_id` is to fail with, if any."""
        with self._lock:
            for planned in self._planned:
                if planned.workload_id in (None, workload_id) and planned.remaining > 0:
                    planned.remaining -= 1
                    return planned.message
        return None

    def pending(self) -> list[dict[str, object]]:
        """What is still planned, for the control's answer."""
        with self._lock:
            return [
                {"workloadId": p.workload_id, "message": p.message, "remaining": p.remaining}
                for p in self._planned
                if p.remaining > 0
            ]

    def clear(self) -> None:
        """Nothing planned any more."""
        with self._lock:
            self._planned.clear()
