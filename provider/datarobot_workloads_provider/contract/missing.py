"""The marker for "no default", a leaf of its own: a definition's `Prop` names it as its
default, and the program process, which loads the definitions but never reads their
fields, need not load what reads them (`declared`)."""

from __future__ import annotations

from typing import Any


class _Missing:
    """No default: the field is required, or absent when not given."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
