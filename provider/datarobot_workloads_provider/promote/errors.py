"""How a promotion stops, and the exit status each way maps to.

Each status means one thing a pipeline may act on differently: a refusal is a policy
answer (fix what it names), a missing confirmation is a call without `--yes` (fix the
job), a lock is another run of the same target (wait, or clear a dead run's lock).
"""

from __future__ import annotations

EXIT_PROMOTED = 0
EXIT_REFUSED = 1
EXIT_FAILED = 2
EXIT_ROLLED_BACK = 3
EXIT_ROLLBACK_FAILED = 4
EXIT_NEEDS_CONFIRMATION = 5
EXIT_LOCKED = 6
EXIT_INTERRUPTED = 130


class PromoteError(Exception):
    """The command cannot go on: bad usage, an unknown stack, missing config, a failed
    engine or API call. Nothing was changed by the step that failed; the message says
    which step and why."""

    exit_status = EXIT_FAILED
    result = "error"


class Refused(PromoteError):
    """A check decided against promoting (a draft, a version the source does not run, a
    gate, a target whose state cannot tell what it runs): a policy answer, not a failure."""

    exit_status = EXIT_REFUSED
    result = "refused"


class NeedsConfirmation(Refused):
    """Everything passed, but nobody said yes: no terminal to ask on and no `--yes`."""

    exit_status = EXIT_NEEDS_CONFIRMATION
    result = "needs confirmation"


class Locked(PromoteError):
    """The target's state is locked by another run (a promote or any `pulumi` command),
    alive or dead: this run stopped before its first API write. The message names the
    lock and its holder, and what to do."""

    exit_status = EXIT_LOCKED
    result = "locked"
