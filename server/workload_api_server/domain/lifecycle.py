"""Workload status as a pure function of the last accepted action and the clock.

No background thread moves statuses on: a timer would race with start and stop, and would
not survive a restart. Instead a workload stores what it was last told to do (`phase`),
when (`since`) and how long each step took then (`step`); the status follows on every read.
Storing the step with the action keeps a status stable across a restart with other settings.
"""

from __future__ import annotations

from typing import Literal

# `terminated` is reached only by the current dialect's draft workloads (time limit).
Phase = Literal["starting", "stopping", "errored", "terminated"]
Status = Literal["submitted", "initializing", "running", "stopping", "stopped", "errored"]

STARTABLE: frozenset[Status] = frozenset({"stopped", "errored"})
STOPPABLE: frozenset[Status] = frozenset({"submitted", "initializing", "running"})


def scheduled_status(phase: Phase, since: float, step: float, now: float) -> Status:
    """Where the schedule alone puts the workload: one step per transition.

    Starting runs submitted -> initializing -> running; stopping runs stopping -> stopped.
    With a step of 0 the end state is reached at once.
    """
    if phase == "errored":
        return "errored"
    if phase == "terminated":
        return "stopped"
    elapsed = now - since
    if phase == "stopping":
        return "stopping" if elapsed < step else "stopped"
    if elapsed < step:
        return "submitted"
    if elapsed < 2 * step:
        return "initializing"
    return "running"
