"""httpx without its command-line client: `from ._httpx import httpx`.

httpx's package `__init__` imports its CLI module, `httpx._main`, whenever click, rich and
pygments are importable, and they usually are (uvicorn brings click, many tools bring rich).
That adds about 0.15 s to every provider process that talks to the API, for a CLI it never
runs. A placeholder stands in for `httpx._main` while httpx loads and is removed right after,
so `httpx.main()` and a later `import httpx._main` still reach the real CLI.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_CLI = "httpx._main"


def _real_cli(*args: Any, **kwargs: Any) -> Any:
    return importlib.import_module(_CLI).main(*args, **kwargs)


def _load() -> types.ModuleType:
    if "httpx" in sys.modules:
        return sys.modules["httpx"]
    placeholder = types.ModuleType(_CLI, "Stands in for httpx's CLI while httpx loads.")
    placeholder.main = _real_cli  # type: ignore[attr-defined]
    installed = sys.modules.setdefault(_CLI, placeholder) is placeholder
    try:
        return importlib.import_module("httpx")
    finally:
        if installed and sys.modules.get(_CLI) is placeholder:
            del sys.modules[_CLI]


_load()

import httpx as httpx  # noqa: E402  (loaded above without its CLI; this binds the name)

__all__ = ["httpx"]
