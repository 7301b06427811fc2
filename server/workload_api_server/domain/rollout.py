"""A rolling replacement as data: its schedule, its statuses, and its wire record.

Like workload status, a replacement moves on when it is read, never on a timer: each read
calls `services.current.rollouts.advance`, which asks this module where the schedule is.
Times are epoch seconds, scheduled rather than observed where the runtime allows, so a
test with a fake clock sees exact transitions:

    submitted    [since, since + step)
    initializing the candidate starts; at least until since + 2 * step, and until ready
    switching    the candidate is ready and warms up for `warmup` seconds; traffic is
                 still on the previous version
    cleaning_up  traffic is on the candidate (the workload's artifactId has switched);
                 the previous version is kept for `keep_old` seconds, then drained
    completed    settled; the record stays visible `linger` seconds, then clears
    errored      settled with a message; stays on the workload until the next request

Statuses are the published 11.5 vocabulary; `failed` is never produced.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RolloutStatus = Literal[
    "submitted", "initializing", "switching", "cleaning_up", "completed", "errored"
]
SETTLED: frozenset[str] = frozenset({"completed", "errored"})


@dataclass
class Rollout:
    """What the workload row keeps in its `replacement` column."""

    id: str
    workload_id: str
    name: str
    candidate_artifact_id: str
    previous_artifact_id: str
    candidate_spec: dict[str, Any]
    candidate_runtime: dict[str, Any]
    candidate_generation: int
    previous_generation: int
    warmup_minutes: float
    keep_old_minutes: float
    since: float
    step: float
    minute_seconds: float
    created_at: str
    updated_at: str
    status: RolloutStatus = "submitted"
    message: str | None = None
    fail_with: str | None = None
    last_not_ready: float | None = None
    ready_at: float | None = None
    switched_at: float | None = None
    settled_at: float | None = None
    origin: Literal["replacement", "settings", "promote"] = "replacement"
    log_tail: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """In progress: not completed, not errored."""
        return self.status not in SETTLED

    @property
    def warmup_seconds(self) -> float:
        return self.warmup_minutes * self.minute_seconds

    @property
    def keep_old_seconds(self) -> float:
        return self.keep_old_minutes * self.minute_seconds

    def to_document(self) -> dict[str, Any]:
        """As stored in the workload row."""
        return asdict(self)

    @classmethod
    def from_document(cls, document: dict[str, Any]) -> Rollout:
        """Back from the workload row."""
        return cls(**document)
