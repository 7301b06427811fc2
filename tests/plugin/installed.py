"""The plugin as a Pulumi user gets it: the files of the built sdist in a folder of their
own, installed by `pulumi package add` into a fresh project, with nothing of this repo's
development environment reachable.

The engine and its language hosts are this repo's (as a user's `pulumi` is theirs); the
plugin's own interpreter is made by Pulumi's installation from `python3` on PATH, and
neither PATH nor PULUMI_PYTHON_CMD points into the repo's `.venv`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.support.engine import ENGINE_BIN, REPO, engine_env

PROJECTS = Path(__file__).parent / "projects"
APP = REPO / "examples" / "quickstart" / "app.py"
TOOLCHAINS = ("pip", "uv")


def build_sdist(out: Path) -> Path:
    """`python -m build --sdist` of this checkout: the archive users download."""
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    (archive,) = out.glob("*.tar.gz")
    return archive


def unpack(archive: Path, dest: Path, toolchain: str) -> Path:
    """Exactly the sdist's files in `dest`, with the toolchain PulumiPlugin.yaml names."""
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:  # Pythons before 3.11.4 have no filters; the archive is this checkout's own
            tar.extractall(dest)
    (folder,) = dest.iterdir()
    manifest = folder / "PulumiPlugin.yaml"
    text = manifest.read_text()
    assert "    toolchain: pip\n" in text
    manifest.write_text(text.replace("    toolchain: pip\n", f"    toolchain: {toolchain}\n"))
    return folder


def user_env(state_dir: Path, tools_dir: Path) -> dict[str, str]:
    """The engine's offline settings, with a PATH and PULUMI_PYTHON_CMD that do not lead to
    the repo's `.venv`: `python3` is the machine's, `uv` is linked alone into `tools_dir`."""
    env = engine_env(state_dir)
    venv_bin = str(REPO / ".venv" / "bin")
    inherited = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p != venv_bin]
    tools_dir.mkdir(parents=True, exist_ok=True)
    uv = shutil.which("uv", path=venv_bin) or shutil.which("uv")
    assert uv is not None, "uv is a dev dependency; run scripts/setup.sh"
    link = tools_dir / "uv"
    if not link.exists():
        link.symlink_to(uv)
    env["PATH"] = os.pathsep.join([str(ENGINE_BIN), str(tools_dir), *inherited])
    # Empty: the Python language host (engine infrastructure) runs on its own interpreter,
    # and the plugin's venv is made from `python3` on PATH.
    env["PULUMI_PYTHON_CMD"] = ""
    env["VIRTUAL_ENV"] = ""
    # uv reaches the package index through the machine's CA store, as pip does.
    env["UV_SYSTEM_CERTS"] = "1"
    # npm keeps its cache under $HOME.
    env["HOME"] = os.environ.get("HOME", str(state_dir))
    return env


def new_project(language: str, dest: Path) -> Path:
    """A fresh project folder from tests/plugin/projects, beside the quickstart's app."""
    work = dest / language
    shutil.copytree(PROJECTS / language, work)
    shutil.copy(APP, work / "app.py")
    return work


def package_add(work: Path, plugin: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENGINE_BIN / "pulumi"), "package", "add", str(plugin)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def plugin_python(plugin: Path) -> Path:
    """The interpreter Pulumi made for the plugin (PulumiPlugin.yaml: `virtualenv: venv`,
    which the pip and uv toolchains both honour)."""
    return plugin / "venv" / "bin" / "python"
