"""Child processes: how a failed program's exit status is worded."""

from __future__ import annotations

import pytest
from language_host.processes import describe_exit


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (3, "program exited with non-zero exit code: 3"),
        (-9, "program exited unexpectedly: killed by signal SIGKILL"),
    ],
)
def test_exit_codes_are_described(code: int, text: str) -> None:
    assert describe_exit(code) == text
