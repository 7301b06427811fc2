"""What the sections share about their runs: the life of a stack, the side-by-side order,
the check of each plan, and the format of the cells."""

from __future__ import annotations

from bench.engine import Command, CommandRun
from bench.stats import Figure

# The life of a stack, as each floor and quickstart run goes through it: (label, engine
# command, the only operation its plan may show for an unchanged program).
LIFECYCLE: tuple[tuple[str, Command, str], ...] = (
    ("up", "up", "create"),
    ("preview", "preview", "same"),
    ("up, no changes", "up", "same"),
    ("refresh", "refresh", "same"),
    ("destroy", "destroy", "delete"),
)


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
