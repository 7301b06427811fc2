"""The engine's failures as promote words them, and the stale-lock rule, without an engine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from datarobot_workloads_provider.promote.workspace import (
    _LOCK_HOLDER,
    Change,
    _alive,
    _tail,
    lock_message,
)
from pulumi import automation as auto
from pulumi.automation._cmd import CommandResult

LOCKED = (
    "error: could not import deployment: the stack is currently locked by 1 lock(s). Either "
    "wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n"
    "  file:///b/.pulumi/locks/organization/p/prod/7bcd.json?no_tmp_dir=true: created by "
    "ci@runner-7 (pid 4893) at 2026-12-02T16:52:38Z"
)


def failure(stdout: str, stderr: str, code: int = 255) -> auto.CommandError:
    return auto.CommandError(CommandResult(stdout=stdout, stderr=stderr, code=code))


def test_a_failure_shows_stderr_and_never_the_stdout_of_a_secret_read() -> None:
    assert _tail(failure("ignored", "error: boom\n")) == "error: boom"
    assert _tail(failure("error: in stdout", "")) == "error: in stdout"
    secret = failure('{"datarobot:apikey": {"value": "s3cret"}}', "")
    assert _tail(secret, secret_output=True) == "exit code 255"


def test_the_lock_holder_is_read_from_the_engine_message() -> None:
    holder = _LOCK_HOLDER.search(LOCKED)
    assert holder is not None
    assert (holder["user"], holder["host"], holder["pid"]) == ("ci", "runner-7", "4893")


def test_a_process_is_alive_until_it_has_exited() -> None:
    assert _alive(os.getpid())
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert not _alive(int(ended.stdout))


def test_a_change_reads_like_the_pulumi_preview() -> None:
    assert Change("Workload", "model", "replace", ["artifact_id"]).line() == (
        "+- Workload model replace  [diff: artifact_id]"
    )
    assert Change("Deployment", "model", "create").line() == "+ Deployment model create"


def test_a_lock_of_another_machine_is_explained_with_the_command_that_clears_it() -> None:
    message = lock_message("prod", LOCKED)
    assert "file:///b/.pulumi/locks/organization/p/prod/7bcd.json?no_tmp_dir=true" in message
    assert "taken by ci@runner-7, pid 4893 on host runner-7 since 2026-12-02T16:52:38Z" in message
    assert "Nothing was changed by this run" in message
    assert "`pulumi cancel --yes --stack prod`" in message and "stale" in message


def test_a_lock_of_this_machine_says_to_wait_and_an_unreadable_one_still_advises() -> None:
    here = LOCKED.replace("ci@runner-7", f"ci@{socket.gethostname()}")
    message = lock_message("prod", here)
    assert "on this machine" in message and "wait for it to end" in message
    assert "pulumi cancel" not in message
    bare = lock_message("prod", "the stack is currently locked by 1 lock(s).")
    assert "another run holds prod's state" in bare and "pulumi cancel --yes --stack prod" in bare
