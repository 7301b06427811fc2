"""Medians with their spread, and percentiles.

Every figure the benchmark prints is a median over several runs together with the lowest
and highest run, because a single timing on a shared machine says little: the spread tells
the reader how far to trust the median.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """The values one measurement took over its runs (at least one)."""

    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float]) -> Figure:
        """Build from any iterable; an empty one is a programming error, caught early."""
        collected = tuple(float(v) for v in values)
        if not collected:
            raise ValueError("a figure needs at least one value")
        return cls(collected)

    @property
    def median(self) -> float:
        return float(statistics.median(self.values))

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def render(self, unit: str = "", digits: int = 2) -> str:
        """`3.21 s (3.10-3.40)`; the range is left out when there was a single run."""
        text = f"{self.median:.{digits}f}{unit}"
        if len(self.values) > 1:
            text += f" ({self.low:.{digits}f}-{self.high:.{digits}f})"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "runs": list(self.values),
        }


def ratios(numerators: Sequence[float], denominators: Sequence[float]) -> Figure:
    """Per-run ratios of paired runs (run i of one against run i of the other).

    Pairing keeps noise that hit both halves of a pair (the machine was busy for a moment)
    out of the ratio, which a ratio of two medians would not.
    """
    if len(numerators) != len(denominators):
        raise ValueError("ratios need paired runs")
    return Figure.of(n / d for n, d in zip(numerators, denominators, strict=True))


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (no interpolation).

    Nearest rank reports a latency some request really had, which is what a p99 should
    mean; `fraction` is 0.5 for p50, 0.99 for p99.
    """
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]
