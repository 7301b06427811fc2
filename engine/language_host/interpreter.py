"""Which Python runs the program, and the environment it runs with.

The order is upstream's: the project's ``virtualenv`` option (relative to the project
root), else ``$PULUMI_PYTHON_CMD``, else ``python3``/``python`` on PATH. The ``uv`` and
``poetry`` toolchains name a venv of their own when no option does.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from language_host.errors import HostError
from language_host.options import ProgramOptions


@dataclasses.dataclass(frozen=True)
class PythonCommand:
    """An interpreter plus the environment it must run with (an activated venv or not)."""

    executable: str
    env: dict[str, str]
    venv: Path | None = None

    def is_this_interpreter(self) -> bool:
        """True when it is the Python running this host, so no extra process is needed.

        Compared without resolving symlinks: every venv's ``bin/python`` links to the same
        base interpreter, yet each venv sees different packages.
        """
        return os.path.abspath(self.executable) == os.path.abspath(sys.executable)


def venv_path(root: Path, option: str) -> Path:
    """The folder a ``virtualenv`` option names: absolute, or relative to the project root."""
    return Path(option) if os.path.isabs(option) else root / option


def activate_venv(env: Mapping[str, str], venv: Path) -> dict[str, str]:
    """What ``source venv/bin/activate`` would do, so tools the program runs see the venv."""
    result = {k: v for k, v in env.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
    result["PATH"] = os.pathsep.join(p for p in (str(venv / "bin"), env.get("PATH", "")) if p)
    result["VIRTUAL_ENV"] = str(venv)
    return result


def venv_error(option: str, path: Path) -> HostError:
    """Explain a ``virtualenv`` option that does not point at a venv, and how to fix it."""
    state = "doesn't exist" if not path.exists() else "doesn't appear to be a virtual environment"
    return HostError(
        f"The 'virtualenv' option in Pulumi.yaml is set to {option!r}, but {str(path)!r} "
        f"{state}. Create it and install the program's dependencies:\n"
        f"    python3 -m venv {path}\n"
        f"    {path}/bin/python -m pip install -r requirements.txt\n"
        "or run `pulumi install`."
    )


def default_python() -> str:
    """``$PULUMI_PYTHON_CMD`` (a path or a command name), else python3, else python."""
    wanted = os.environ.get("PULUMI_PYTHON_CMD", "")
    names = [wanted] if wanted else ["python3", "python"]
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise HostError(
        f"could not find {' or '.join(repr(n) for n in names)} on PATH; set PULUMI_PYTHON_CMD "
        "to the Python that has the program's dependencies (scripts/env.sh does this)"
    )


def _poetry_venv(opts: ProgramOptions, env: Mapping[str, str]) -> str:
    """The venv poetry manages for the program (``poetry env info --path``)."""
    poetry = shutil.which("poetry")
    if poetry is None:
        raise HostError("toolchain 'poetry' is set, but poetry is not on PATH")
    out = subprocess.run(
        [poetry, "env", "info", "--path"],
        cwd=opts.program_dir,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0 or not out.stdout.strip():
        raise HostError(f"`poetry env info --path` failed: {out.stderr.strip()}")
    return out.stdout.strip()


def resolve_python(
    opts: ProgramOptions, *, base_env: Mapping[str, str] | None = None, venv_default: str = ""
) -> PythonCommand:
    """Pick the interpreter for a program, the way the upstream pip/uv/poetry toolchains do.

    ``venv_default`` (a plugin's ``venv``) applies to the pip toolchain only, as upstream's:
    uv and poetry place their venv themselves."""
    env = dict(os.environ if base_env is None else base_env)
    option = opts.virtualenv or (venv_default if opts.toolchain == "pip" else "")
    if opts.toolchain == "uv" and not option:
        option = ".venv"
    if opts.toolchain == "poetry" and not option:
        option = _poetry_venv(opts, env)
    if not option:
        return PythonCommand(default_python(), env)
    venv = venv_path(opts.root, option)
    python = venv / "bin" / "python"
    if not python.is_file():
        raise venv_error(option, venv)
    return PythonCommand(str(python), activate_venv(env, venv), venv)
