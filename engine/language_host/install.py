"""``pulumi install``: create the project's venv if needed and install its requirements.

The output of every command is streamed back as it comes, so a slow ``pip install`` is
visible while it works.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from language_host.errors import HostError
from language_host.interpreter import default_python, venv_path
from language_host.options import ProgramOptions
from language_host.processes import stream_process
from language_host.protos import lang


def install_steps(opts: ProgramOptions, *, is_plugin: bool) -> list[list[str]]:
    """The commands ``pulumi install`` needs for this toolchain, in order."""
    if opts.toolchain in ("uv", "poetry"):
        tool = shutil.which(opts.toolchain)
        if tool is None:
            raise HostError(f"toolchain {opts.toolchain!r} is set, but it is not on PATH")
        return [[tool, "sync"] if opts.toolchain == "uv" else [tool, "install"]]
    steps: list[list[str]] = []
    option = opts.virtualenv or ("venv" if is_plugin else "")
    requirements = opts.program_dir / "requirements.txt"
    if option:
        venv = venv_path(opts.root, option)
        python = venv / "bin" / "python"
        if not python.is_file():
            steps.append([default_python(), "-m", "venv", str(venv)])
    else:
        python = Path(default_python())
    if requirements.is_file():
        steps.append([str(python), "-m", "pip", "install", "-r", str(requirements)])
    return steps


def run_steps(
    opts: ProgramOptions, steps: list[list[str]]
) -> Iterator[lang.InstallDependenciesResponse]:
    """Run the steps in the program's folder, streaming their output; stop at a failure."""
    yield lang.InstallDependenciesResponse(stdout=b"Installing dependencies...\n\n")
    for cmd in steps:
        yield lang.InstallDependenciesResponse(stdout=f"$ {' '.join(cmd)}\n".encode())
        for chunk in stream_process(cmd, cwd=str(opts.program_dir), env=os.environ):
            if chunk.kind == "stdout":
                yield lang.InstallDependenciesResponse(stdout=chunk.data)
            elif chunk.kind == "stderr":
                yield lang.InstallDependenciesResponse(stderr=chunk.data)
            elif chunk.code != 0:
                raise HostError(f"`{' '.join(cmd)}` failed (exit {chunk.code})")
    yield lang.InstallDependenciesResponse(stdout=b"Finished installing dependencies\n\n")
