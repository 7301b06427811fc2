"""A module reference that imports the module on first attribute access.

The wire models need pydantic, about 0.15 s of import in every provider process. Deletes
and the program process never parse a response, so the modules that mention the models
everywhere (api.py) hold this stand-in instead of the module itself. Unlike the standard
library's `LazyLoader`, it is safe when several provider threads touch it at once: each
access goes through `importlib.import_module`, which holds the import lock.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazily imported module {self._name!r}>"
