"""``pulumi install`` and a plugin's installation: create the venv, install what it needs.

The steps follow upstream's host at the pinned version (``sdk/python/toolchain`` and the
host's ``InstallDependencies``). A plugin whose folder is a buildable Python package (a
``pyproject.toml`` with a ``[project]`` name and a ``[build-system]`` backend) gets the
package itself installed into its venv with ``python -m pip install <folder>``, before the
toolchain's own step (``requirements.txt`` for pip, ``uv sync`` for uv); that is how
``pulumi package add <folder or git URL>`` makes a plugin runnable from its sources alone.

The output of every command is streamed back as it comes, so a slow install is visible
while it works.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

from language_host.errors import HostError
from language_host.interpreter import default_python, venv_path
from language_host.options import ProgramOptions
from language_host.plugins import PLUGIN_VENV, is_buildable_package
from language_host.processes import stream_process
from language_host.protos import lang

#: Where uv puts a project's venv when no ``virtualenv`` option names one.
UV_VENV = ".venv"


def install_steps(opts: ProgramOptions, *, is_plugin: bool) -> list[list[str]]:
    """The commands ``pulumi install`` (or a plugin's installation) needs, in order."""
    if opts.toolchain == "uv":
        return _uv_steps(opts, is_plugin=is_plugin)
    if opts.toolchain == "poetry":
        return [[_tool("poetry"), "install"]]
    steps: list[list[str]] = []
    option = opts.virtualenv or (PLUGIN_VENV if is_plugin else "")
    requirements = opts.program_dir / "requirements.txt"
    if option:
        venv = venv_path(opts.root, option)
        python = venv / "bin" / "python"
        if not python.is_file():
            steps.append([default_python(), "-m", "venv", str(venv)])
    else:
        python = Path(default_python())
    if is_plugin and is_buildable_package(opts.program_dir):
        steps.append([str(python), "-m", "pip", "install", str(opts.program_dir)])
    if requirements.is_file():
        steps.append([str(python), "-m", "pip", "install", "-r", str(requirements)])
    return steps


def _uv_steps(opts: ProgramOptions, *, is_plugin: bool) -> list[list[str]]:
    """uv: a buildable plugin is installed with the venv's pip after an inexact sync (as
    upstream does, so its venv must get pip from the project), then ``uv sync``."""
    uv = _tool("uv")
    steps: list[list[str]] = []
    if is_plugin and is_buildable_package(opts.program_dir):
        venv = uv_venv(opts)
        if not (venv / "bin" / "python").is_file():
            steps.append([uv, "venv", "--quiet", "--allow-existing", str(venv)])
        steps.append([uv, "sync", "--inexact"])
        python = venv / "bin" / "python"
        steps.append([str(python), "-m", "pip", "install", str(opts.program_dir)])
    steps.append([uv, "sync"])
    return steps


def uv_venv(opts: ProgramOptions) -> Path:
    """The venv uv syncs: the ``virtualenv`` option, else ``.venv`` in the project root."""
    return venv_path(opts.root, opts.virtualenv or UV_VENV)


def install_env(opts: ProgramOptions, base: Mapping[str, str]) -> dict[str, str]:
    """The environment of the steps: uv is told which venv is the project's, as upstream
    tells it (``UV_PROJECT_ENVIRONMENT``), so a ``virtualenv`` option is honoured."""
    env = dict(base)
    if opts.toolchain == "uv":
        env["UV_PROJECT_ENVIRONMENT"] = str(uv_venv(opts))
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise HostError(f"toolchain {name!r} is set, but it is not on PATH")
    return found


def run_steps(
    opts: ProgramOptions, steps: list[list[str]]
) -> Iterator[lang.InstallDependenciesResponse]:
    """Run the steps in the program's folder, streaming their output; stop at a failure."""
    env = install_env(opts, os.environ)
    yield lang.InstallDependenciesResponse(stdout=b"Installing dependencies...\n\n")
    for cmd in steps:
        yield lang.InstallDependenciesResponse(stdout=f"$ {' '.join(cmd)}\n".encode())
        for chunk in stream_process(cmd, cwd=str(opts.program_dir), env=env):
            if chunk.kind == "stdout":
                yield lang.InstallDependenciesResponse(stdout=chunk.data)
            elif chunk.kind == "stderr":
                yield lang.InstallDependenciesResponse(stderr=chunk.data)
            elif chunk.code != 0:
                raise HostError(f"`{' '.join(cmd)}` failed (exit {chunk.code})")
    yield lang.InstallDependenciesResponse(stdout=b"Finished installing dependencies\n\n")
