"""How a promotion stops, and the exit status each way maps to."""

from __future__ import annotations

EXIT_PROMOTED = 0
EXIT_REFUSED = 1
EXIT_FAILED = 2
EXIT_ROLLED_BACK = 3
EXIT_ROLLBACK_FAILED = 4
EXIT_INTERRUPTED = 130


class PromoteError(Exception):
    """The command cannot go on: bad usage, an unknown stack, missing config, a failed
    engine or API call. Nothing was changed by the step that failed; the message says
    which step and why."""

    exit_status = EXIT_FAILED


class Refused(PromoteError):
    """A check decided against promoting (a draft, a version the source does not run, a
    gate, no confirmation): a policy answer, not a failure."""

    exit_status = EXIT_REFUSED
