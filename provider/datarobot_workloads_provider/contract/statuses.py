"""How a rolling replacement (current dialect) ends, as the API reports it.

The sources disagree on the statuses in between (docs/architecture.md, "Two dialects"),
so every status that is not one of these counts as in progress.
"""

from __future__ import annotations

REPLACEMENT_DONE = frozenset({"completed"})
# `failed` is named by DataRobot's docs beside `errored`; a replacement canceled (DELETE
# /replacement, or by someone else) ends without the switch too, whichever spelling.
REPLACEMENT_FAILED = frozenset({"errored", "failed", "canceled", "cancelled"})
