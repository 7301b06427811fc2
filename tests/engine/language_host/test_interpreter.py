"""Which Python runs the program: the project's venv, else $PULUMI_PYTHON_CMD."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from language_host.errors import HostError
from language_host.interpreter import resolve_python
from language_host.options import ProgramOptions
from program_info import VENV, info


def test_virtualenv_is_resolved_against_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "env").symlink_to(VENV)
    opts = ProgramOptions.from_info(info(tmp_path, virtualenv="env"), default_root=tmp_path)
    python = resolve_python(opts, base_env={"PATH": "/usr/bin", "PYTHONHOME": "/bad"})
    assert python.executable == str(tmp_path / "env" / "bin" / "python")
    assert python.env["VIRTUAL_ENV"] == str(tmp_path / "env")
    assert python.env["PATH"].split(os.pathsep)[0] == str(tmp_path / "env" / "bin")
    assert "PYTHONHOME" not in python.env

    missing = ProgramOptions.from_info(info(tmp_path, virtualenv="nope"), default_root=tmp_path)
    with pytest.raises(HostError, match=r"set to 'nope'.*doesn't exist"):
        resolve_python(missing)


def test_without_virtualenv_pulumi_python_cmd_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    opts = ProgramOptions.from_info(info(tmp_path), default_root=tmp_path)
    python = resolve_python(opts)
    assert python.executable == sys.executable and python.is_this_interpreter()
    monkeypatch.setenv("PULUMI_PYTHON_CMD", "no-such-python-anywhere")
    with pytest.raises(HostError, match="PULUMI_PYTHON_CMD"):
        resolve_python(opts)
