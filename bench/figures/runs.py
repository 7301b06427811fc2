"""What every section does with its runs: alternate the two sides, check each plan, and
format the cells of its table."""

from __future__ import annotations

from bench.engine import CommandRun
from bench.stats import Figure


def seconds_cell(figure: Figure) -> str:
    return figure.render(" s")


def ratio_cell(figure: Figure) -> str:
    return figure.render("x")


def order(run: int, first: str, second: str) -> tuple[str, str]:
    """Flipped each run, so neither side always goes first (and meets a warmer cache)."""
    return (first, second) if run % 2 == 0 else (second, first)


def check_changes(label: str, run: CommandRun, expected: str, notes: list[str]) -> None:
    """Note (never hide) a command whose plan was not what this step must give."""
    unexpected = {op: n for op, n in run.changes.items() if op != expected}
    if unexpected:
        notes.append(f"unexpected plan for {label}: {run.changes} (wanted only {expected!r})")
