"""Test control: the other answer to open questions about DataRobot's current dialect.

docs/current-dialect.md ("Decisions where the public descriptions are silent or
disagree") says which answer this server gives by default. A test that wants to know how
a client copes with the answer a real DataRobot may give instead switches it here, for
the whole server, until it is cleared; nothing changes while no switch is on.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Variants:
    """Which answers differ from the defaults (all off: the documented decisions)."""

    # Decision 8: locking (PATCH status: locked) answers a new locked artifact with its
    # own ID, in the draft's repository; the draft stays as it was.
    lock_gives_new_id: bool = False
    # Decision 11: a workload DELETE answers 202 and the workload stays readable this
    # long before it answers 404 (0: synchronous).
    delete_seconds: float = 0.0
    # Decision 2: an errored replacement clears after the linger window like a completed
    # one (the history keeps it).
    errored_replacements_clear: bool = False
    # Decision 6: a 422's items are `{path, message, code}` (a shape in DataRobot's CLI
    # fixtures) instead of `{loc, msg, type}`.
    validation_items: str = "loc"


class ApiVariants:
    """The switches of one server, safe to read from any request's thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current = Variants()

    @property
    def current(self) -> Variants:
        with self._lock:
            return self._current

    def set(self, variants: Variants) -> None:
        with self._lock:
            self._current = variants

    def clear(self) -> None:
        self.set(Variants())

    def snapshot(self) -> dict[str, object]:
        """The switches by their wire names."""
        values = dataclasses.asdict(self.current)
        return {_camel(name): value for name, value in values.items()}


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)
