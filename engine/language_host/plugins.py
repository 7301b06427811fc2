"""RunPlugin: a plugin written in Python, a folder with ``__main__.py`` or a package.

Plugins default to a venv named ``venv`` in their folder, as upstream's do, and get the
environment variables the engine passes on top of the host's own.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from language_host.errors import HostError
from language_host.interpreter import PythonCommand
from language_host.options import ProgramOptions
from language_host.processes import Chunk
from language_host.protos import lang

#: The ``virtualenv`` a plugin uses when its project names none.
PLUGIN_VENV = "venv"


def plugin_env(assignments: Iterable[str]) -> dict[str, str]:
    """The host's environment plus the engine's ``KEY=VALUE`` items (others are ignored)."""
    env = dict(os.environ)
    for item in assignments:
        key, sep, value = item.partition("=")
        if sep:
            env[key] = value
    return env


def plugin_command(opts: ProgramOptions, python: PythonCommand, args: list[str]) -> list[str]:
    """``python <dir>`` when it has __main__.py, else ``python -m pulumi.run.plugin``."""
    if (opts.root / "__main__.py").is_file():
        return [python.executable, str(opts.program_dir), *args]
    pyproject = opts.root / "pyproject.toml"
    if not pyproject.is_file():
        raise HostError(
            "plugin is not runnable, it provides neither __main__.py nor a pyproject.toml"
        )
    name = _read_toml(pyproject).get("project", {}).get("name")
    if not name:
        raise HostError(f"{pyproject} has no [project] name")
    return [python.executable, "-m", "pulumi.run.plugin", str(name), *args]


def is_buildable_package(folder: Path) -> bool:
    """A ``pyproject.toml`` with a ``[project]`` name and a ``[build-system]`` backend: the
    test upstream's host uses to install a plugin folder as a package (``pip install``)."""
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
    document = _read_toml(pyproject)
    project = document.get("project") or {}
    build_system = document.get("build-system") or {}
    return bool(project.get("name")) and bool(build_system.get("build-backend"))


def plugin_output(chunks: Iterable[Chunk]) -> Iterator[lang.RunPluginResponse]:
    """The plugin's output as the engine wants it streamed, ending with its exit code."""
    for chunk in chunks:
        if chunk.kind == "stdout":
            yield lang.RunPluginResponse(stdout=chunk.data)
        elif chunk.kind == "stderr":
            yield lang.RunPluginResponse(stderr=chunk.data)
        else:
            yield lang.RunPluginResponse(exitcode=chunk.code)


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict: ``tomllib`` from Python 3.11, the ``tomli`` package before.

    Imported here, not at the top, so the host starts on any Python and only this
    rarely used path needs a TOML parser.
    """
    for name in ("tomllib", "tomli"):
        try:
            parser = importlib.import_module(name)
        except ImportError:
            continue
        document: dict[str, Any] = parser.loads(path.read_text(encoding="utf-8"))
        return document
    raise HostError(f"reading {path} needs Python 3.11 or later, or the 'tomli' package")
