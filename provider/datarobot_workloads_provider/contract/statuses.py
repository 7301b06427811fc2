"""Statuses the provider acts on, as the API reports them: a workload that needs a start,
and how a rolling replacement (current dialect) ends.

The sources disagree on a replacement's statuses in between (docs/architecture.md, "Two
dialects"), so every status that is not one of these counts as in progress.
"""

from __future__ import annotations

# Nothing runs and nothing will by itself: a start is needed. `terminated`: the current
# dialect ends a workload of a draft artifact some hours after its start.
STARTABLE = frozenset({"stopped", "errored", "terminated"})
REPLACEMENT_DONE = frozenset({"completed"})
# `failed` is named by DataRobot's docs beside `errored`; a replacement canceled (DELETE
# /replacement, or by someone else) ends without the switch too, whichever spelling.
REPLACEMENT_FAILED = frozenset({"errored", "failed", "canceled", "cancelled"})
