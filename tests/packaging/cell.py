"""One cell of the wheel matrix: a user's Pulumi project on one Python, with the built
wheel and its dependencies in the project's own virtualenv, driven by the real CLI.

The cell's environment is a user's, not the repo's: the repo's virtualenv is not on
PATH and PULUMI_PYTHON_CMD is unset, so the program and the dynamic provider can only
run on the project's `venv` (runtime option `virtualenv`), where the repo's server
libraries are not installed. Only the language host itself runs on the repo's Python.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.resilience.cli import CliStack
from tests.support.engine import REPO, engine_env

PROJECT = Path(__file__).resolve().parent / "chain_project"
PYENV_ROOT = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))


class NoInterpreter(AssertionError):
    """The Python a cell asks for is not on this machine."""


def interpreter(version: str) -> Path:
    """The newest pyenv CPython of `version` (e.g. "3.12"); the matrix fails, not skips,
    without it: a cell that did not run has not passed."""
    found = sorted(
        glob.glob(str(PYENV_ROOT / "versions" / f"{version}.*" / "bin" / f"python{version}")),
        key=lambda p: [int(x) for x in Path(p).parents[1].name.split(".") if x.isdigit()],
    )
    if not found:
        raise NoInterpreter(f"no Python {version} under {PYENV_ROOT}/versions (install it)")
    return Path(found[-1])


@dataclass
class Cell:
    python: str
    pins: list[str]
    work: Path
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def project(self) -> Path:
        return self.work / "project"

    @property
    def venv_python(self) -> Path:
        return self.project / "venv" / "bin" / "python"

    def install(self, wheel: Path) -> dict[str, str]:
        """A fresh virtualenv in the project with the wheel and `pins`; returns the
        versions installed. uv resolves like pip and caches downloads per user."""
        started = time.monotonic()
        shutil.copytree(PROJECT, self.project, ignore=shutil.ignore_patterns("__pycache__"))
        uv = shutil.which("uv") or str(REPO / ".venv" / "bin" / "uv")
        venv = self.project / "venv"
        _run(
            [uv, "venv", "--quiet", "--seed", "--python", str(interpreter(self.python)), str(venv)]
        )
        _run(
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                str(self.venv_python),
                str(wheel),
                *self.pins,
            ]
        )
        self.timings["install"] = time.monotonic() - started
        listed = _run([uv, "pip", "freeze", "--python", str(self.venv_python)])
        return dict(line.split("==", 1) for line in listed.splitlines() if "==" in line)

    def stack(self, endpoint: str, token: str) -> CliStack:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATAROBOT_", "PULUMI_"))}
        env.pop("VIRTUAL_ENV", None)
        env.update(engine_env(self.work / "engine"))
        del env["PULUMI_PYTHON_CMD"]
        repo_venv_bin = str(REPO / ".venv" / "bin")
        env["PATH"] = os.pathsep.join(
            p for p in env["PATH"].split(os.pathsep) if p and Path(p) != Path(repo_venv_bin)
        )
        env["PYTHONUNBUFFERED"] = "1"
        stack = CliStack(work=self.project, stack="cell", env=env)
        stack.run("stack", "init", "cell")
        stack.run(
            "config",
            "set-all",
            f"--plaintext=datarobot:endpoint={endpoint}",
            f"--secret=datarobot:apikey={token}",
            "--plaintext=datarobot:tracecontext=wheel-matrix",
        )
        return stack


def _run(args: list[str]) -> str:
    # uv bundles its own CA roots; machines behind a proxy with its own CA configure the
    # system's store (as pip is), so uv reads that one too.
    env = {**os.environ, "UV_SYSTEM_CERTS": "1"}
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-4000:]}")
    return done.stdout
