"""Plain-text tables and the JSON report.

Tables are aligned text because the benchmark is read in a terminal or pasted into a
note; every section also carries its raw runs so the JSON can be re-analysed later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """One performance target, the figure measured against it, and whether it was met."""

    goal: str
    wanted: str
    measured: str
    met: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "goal": self.goal,
            "wanted": self.wanted,
            "measured": self.measured,
            "met": self.met,
        }


@dataclass
class Section:
    """One numbered part of the report: a table, notes under it, targets and raw data."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        lines = [self.title, "=" * len(self.title)]
        lines.extend(render_table(self.headers, self.rows))
        lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "table": [dict(zip(self.headers, row, strict=True)) for row in self.rows],
            "notes": self.notes,
            "targets": [t.to_json() for t in self.targets],
            "data": self.data,
        }


def render_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; numbers are already formatted by the caller."""
    widths = [len(h) for h in headers]
    for row in rows:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in rows)
    return [text.rstrip() for text in out]


def render_facts(facts: dict[str, str]) -> str:
    width = max(len(key) for key in facts)
    return "\n".join(f"{key.ljust(width)} : {value}" for key, value in facts.items())


def render_targets(targets: list[Target]) -> str:
    rows = [["met" if t.met else "MISSED", t.goal, t.wanted, t.measured] for t in targets]
    return "\n".join(render_table(["", "target", "wanted", "measured"], rows))


def verdict(met: bool) -> str:
    return "yes" if met else "NO"
