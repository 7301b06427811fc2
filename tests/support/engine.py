"""Finds the Pulumi engine built by scripts/setup.sh; end-to-end tests fail without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.offline_env import ENGINE_BIN, REPO, EngineMissing, offline_env
from engine.offline_env import require_engine as _require_engine

__all__ = ["ENGINE_BIN", "REPO", "engine_env", "require_engine"]


def require_engine() -> Path:
    """The engine folder, or a test failure (never a skip) that says how to get it."""
    try:
        return _require_engine()
    except EngineMissing as missing:
        pytest.fail(str(missing), pytrace=False)


def engine_env(state_dir: Path) -> dict[str, str]:
    """Offline settings for one test's engine runs, with state in its own folder."""
    require_engine()
    env = offline_env(state_dir, passphrase="test-passphrase-for-local-stacks")
    env["PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK"] = "false"
    assert shutil.which("pulumi", path=env["PATH"]) is not None
    return env
