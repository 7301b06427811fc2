"""The pure status schedule."""

from __future__ import annotations

import pytest
from workload_api_server.domain.lifecycle import scheduled_status


@pytest.mark.parametrize(
    ("phase", "elapsed", "step", "expected"),
    [
        ("starting", 0, 1, "submitted"),
        ("starting", 0.999, 1, "submitted"),
        ("starting", 1, 1, "initializing"),
        ("starting", 1.999, 1, "initializing"),
        ("starting", 2, 1, "running"),
        ("starting", 0, 0, "running"),
        ("starting", -5, 1, "submitted"),
        ("stopping", 0, 1, "stopping"),
        ("stopping", 1, 1, "stopped"),
        ("stopping", 0, 0, "stopped"),
        ("errored", 0, 1, "errored"),
        ("errored", 1e9, 0, "errored"),
    ],
)
def test_schedule(phase: str, elapsed: float, step: float, expected: str) -> None:
    assert scheduled_status(phase, 100.0, step, 100.0 + elapsed) == expected  # type: ignore[arg-type]
