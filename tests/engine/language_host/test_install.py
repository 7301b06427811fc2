"""What `pulumi install` and a plugin's installation run, per toolchain (no command is run
here: the steps are the contract; tests/plugin/test_installed_plugin.py runs them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from language_host.install import install_env, install_steps
from language_host.options import ProgramOptions
from program_info import info

PACKAGE = """[project]
name = "a-plugin"
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"
"""


def _options(root: Path, **options: str) -> ProgramOptions:
    return ProgramOptions.from_info(info(root, **options), default_root=root)


def test_a_buildable_plugin_is_installed_into_its_venv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    (tmp_path / "pyproject.toml").write_text(PACKAGE)
    venv_python = str(tmp_path / "venv" / "bin" / "python")

    steps = install_steps(_options(tmp_path), is_plugin=True)

    assert steps == [
        [sys.executable, "-m", "venv", str(tmp_path / "venv")],
        [venv_python, "-m", "pip", "install", str(tmp_path)],
    ]
    # A program (not a plugin) is never installed as a package.
    (tmp_path / "requirements.txt").write_text("pulumi\n")
    program = install_steps(_options(tmp_path, virtualenv="venv"), is_plugin=False)
    assert [step[3:] for step in program[1:]] == [
        ["install", "-r", str(tmp_path / "requirements.txt")]
    ]


def test_a_folder_without_a_build_backend_is_not_a_package(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").touch()
    assert install_steps(_options(tmp_path), is_plugin=True) == []


def test_uv_syncs_the_venv_the_options_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "uv").write_text("#!/bin/sh\n")
    (bin_dir / "uv").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    (plugin / "pyproject.toml").write_text(PACKAGE)
    uv = str(bin_dir / "uv")
    opts = _options(plugin, toolchain="uv", virtualenv="venv")

    steps = install_steps(opts, is_plugin=True)

    venv = plugin / "venv"
    assert steps == [
        [uv, "venv", "--quiet", "--allow-existing", str(venv)],
        [uv, "sync", "--inexact"],
        [str(venv / "bin" / "python"), "-m", "pip", "install", str(plugin)],
        [uv, "sync"],
    ]
    assert install_env(opts, {})["UV_PROJECT_ENVIRONMENT"] == str(venv)
    default = _options(plugin, toolchain="uv")
    assert install_env(default, {})["UV_PROJECT_ENVIRONMENT"] == str(plugin / ".venv")
