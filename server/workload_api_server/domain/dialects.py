"""The two wire dialects the server speaks over one store (docs/current-dialect.md)."""

from __future__ import annotations

from typing import Literal

Dialect = Literal["older", "current"]
