"""Timestamps on the wire: ISO 8601, UTC, `Z` suffix, fixed width.

Fixed width (always microseconds) makes the strings sort in time order, which the list
sorting relies on.
"""

from __future__ import annotations

from datetime import datetime, timezone

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def to_iso(epoch_seconds: float) -> str:
    """The contract asks for at least milliseconds; microseconds keep ties rare."""
    return datetime.fromtimestamp(epoch_seconds, timezone.utc).strftime(_FORMAT)


def from_iso(text: str) -> float:
    """Stored timestamps come back as epoch seconds for arithmetic such as stats periods."""
    return datetime.strptime(text, _FORMAT).replace(tzinfo=timezone.utc).timestamp()
