"""The error the host's RPCs turn into answers for the user."""

from __future__ import annotations


class HostError(Exception):
    """A problem to report to the user as the answer of an RPC (no traceback needed)."""
