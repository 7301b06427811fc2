"""Fixtures for the engine smoke tests: the real Pulumi CLI, offline, in temp folders.

The environment comes from scripts/env.sh itself (sourced once per pytest session), so the tests
run Pulumi exactly the way the project's scripts do; each test then gets its own file
backend and PULUMI_HOME under tmp_path, so stacks never leak between tests or into .state.

A missing engine FAILS the tests (with the fix) instead of skipping them: a skipped smoke
test would report green while nothing works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pulumi  # noqa: F401  (imported before engine/ modules; see engine/language_host/protos.py)
import pytest

REPO = Path(__file__).resolve().parents[2]
ENGINE_BIN = REPO / ".engine" / "bin"
SMOKE_PROJECT = Path(__file__).resolve().parent / "smoke_project"

# The unit tests import the language host's modules directly.
sys.path.insert(0, str(REPO / "engine"))


def _env_sh() -> dict[str, str]:
    """The environment scripts/env.sh produces, on top of ours."""
    out = subprocess.run(
        ["bash", "-c", 'source "$1" && env -0', "env.sh", str(REPO / "scripts" / "env.sh")],
        capture_output=True,
        check=True,
    )
    env: dict[str, str] = {}
    for item in out.stdout.split(b"\0"):
        key, sep, value = item.decode().partition("=")
        if sep:
            env[key] = value
    return env


@pytest.fixture(scope="session")
def engine_env() -> dict[str, str]:
    """scripts/env.sh's environment, after checking that the engine is really there."""
    missing = [
        name
        for name in (
            "pulumi",
            "pulumi-language-python",
            "pulumi-language-python-exec",
            "pulumi-resource-pulumi-python",
        )
        if not os.access(ENGINE_BIN / name, os.X_OK)
    ]
    if missing:
        pytest.fail(
            f"the Pulumi engine is missing ({', '.join(missing)} not in {ENGINE_BIN}): "
            "run scripts/setup.sh",
            pytrace=False,
        )
    env = _env_sh()
    if shutil.which("pulumi", path=env["PATH"]) != str(ENGINE_BIN / "pulumi"):
        pytest.fail(f"scripts/env.sh does not put {ENGINE_BIN} first on PATH", pytrace=False)
    return env


@pytest.fixture
def pulumi_env(engine_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """engine_env with a private file backend and PULUMI_HOME for this test."""
    backend = tmp_path / "backend"
    home = tmp_path / "pulumi-home"
    backend.mkdir()
    home.mkdir()
    env = dict(engine_env)
    env["PULUMI_BACKEND_URL"] = f"file://{backend}"
    env["PULUMI_HOME"] = str(home)
    env["PULUMI_CONFIG_PASSPHRASE"] = "engine-smoke-tests"
    env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
    return env


@pytest.fixture
def smoke_project(tmp_path: Path) -> Iterator[Path]:
    """A private copy of tests/engine/smoke_project (stack files are written beside it)."""
    target = tmp_path / "project"
    shutil.copytree(SMOKE_PROJECT, target, ignore=shutil.ignore_patterns("__pycache__"))
    yield target
