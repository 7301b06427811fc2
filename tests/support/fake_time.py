"""Time for client tests: it passes only when the code under test sleeps, so a test of
retries and outage ride-outs runs in no time and can assert exactly how long was waited."""

from __future__ import annotations


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
