"""The one retry and backoff policy: how long to wait before trying again, and the clock.

Three things wait and try again: the transport (a 429, a 5xx, a refused connection), the
lost-answer checks of a POST (`api.WorkloadApi._create`, `_action`), and the waits for a
workload's status (`waiting`). They share this module: each has a `Backoff` (its own
pace, named below), and all of them take time from one `Timing`, so a test injects a fake
clock and sleep once and every wait of the code under test runs in fake time.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# No single pause is longer than this, whatever a server's Retry-After says.
LONGEST_PAUSE = 60.0


@dataclass(frozen=True)
class Backoff:
    """Pauses that grow by `factor` from `first` up to `cap`, with jitter (a random pause
    between half and all of the nominal one) when `jitter`. `early_cap` holds the pause
    lower for the first `early_seconds` of a wait (used by status polls)."""

    first: float
    factor: float = 2.0
    cap: float = 8.0
    jitter: bool = False
    early_cap: float | None = None
    early_seconds: float = 0.0

    def nominal(self, attempt: int) -> float:
        """The pause after failed attempt number `attempt` (1, 2, ...). The exponent
        stops growing long before it could overflow: riding out an outage may take many
        attempts."""
        return min(self.cap, self.first * self.factor ** min(max(attempt - 1, 0), 30))

    def following(self, previous: float, elapsed: float) -> float:
        """The pause after `previous`, `elapsed` seconds into a wait."""
        early = self.early_cap is not None and elapsed < self.early_seconds
        cap = self.early_cap if early and self.early_cap is not None else self.cap
        return min(cap, previous * self.factor)


# Status polls: start-ups take seconds, so for the first half minute poll at least every
# second (a workload that is up is noticed within a second), then back off to 5 s.
POLL = Backoff(first=0.2, factor=1.5, cap=5.0, early_cap=1.0, early_seconds=30.0)
# Between a POST whose answer was lost, the look for its effect, and the next attempt.
LOST_ANSWER = Backoff(first=0.5, factor=2.0, cap=4.0)
LOST_ANSWER_ATTEMPTS = 5


@dataclass
class Timing:
    """The clock and the sleep every retry and wait uses; tests pass fake ones."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def delay(self, backoff: Backoff, attempt: int, retry_after: float | None = None) -> float:
        """The pause after failed attempt `attempt`: what the server asked for, else the
        backoff's pause (jittered if it says so)."""
        delay = retry_after
        if delay is None:
            delay = backoff.nominal(attempt)
            if backoff.jitter:
                with self._lock:  # random.Random is shared by the provider's threads
                    delay = self.rng.uniform(delay / 2, delay)
        return min(delay, LONGEST_PAUSE)

    def pause(self, backoff: Backoff, attempt: int, retry_after: float | None = None) -> float:
        """Sleeps for `delay(...)`; returns the seconds slept."""
        delay = self.delay(backoff, attempt, retry_after)
        self.sleep(delay)
        return delay
