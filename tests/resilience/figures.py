"""The resilience figures, recorded by the tests that measure them, for the report script.

Each resilience test asserts its figures at their targets and also records them here; with
`RESILIENCE_FIGURES=<file>` set (bench/resilience_report.py sets it), every record is one
JSON line appended to that file, so the report prints exactly what the tests measured.
Without it, recording does nothing and the tests are plain tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FIGURES_ENV = "RESILIENCE_FIGURES"
LONG_ENV = "RESILIENCE_LONG"


def long_variant() -> bool:
    """`RESILIENCE_LONG=1` selects the long variants (bigger stacks, more requests)."""
    return os.environ.get(LONG_ENV, "").strip().lower() in ("1", "true", "yes")


def record(figure: str, value: int | float, *, scenario: str, **detail: Any) -> None:
    """Appends one measurement: `figure` (see bench/resilience_report.py), its value,
    the scenario that measured it, and any detail worth printing beside it."""
    target = os.environ.get(FIGURES_ENV)
    if not target:
        return
    line = {"figure": figure, "value": value, "scenario": scenario, **detail}
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line, sort_keys=True) + "\n")
