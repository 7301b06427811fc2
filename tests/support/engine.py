"""Finds the Pulumi engine built by scripts/setup.sh; end-to-end tests fail without it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENGINE_BIN = REPO / ".engine" / "bin"


def require_engine() -> Path:
    """The engine folder, or a test failure (never a skip) that says how to get it."""
    pulumi = ENGINE_BIN / "pulumi"
    if not pulumi.exists():
        pytest.fail(
            f"the Pulumi engine is missing ({pulumi}); run scripts/setup.sh to build it",
            pytrace=False,
        )
    return ENGINE_BIN


def engine_env(state_dir: Path) -> dict[str, str]:
    """Offline settings for one test's engine runs, with state in its own folder."""
    bin_dir = require_engine()
    home = state_dir / "pulumi-home"
    backend = state_dir / "backend"
    home.mkdir(parents=True, exist_ok=True)
    backend.mkdir(parents=True, exist_ok=True)
    python = Path(sys.executable)
    env = {
        "PATH": os.pathsep.join([str(bin_dir), str(python.parent), os.environ.get("PATH", "")]),
        "PULUMI_HOME": str(home),
        "PULUMI_BACKEND_URL": f"file://{backend}",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_CONFIG_PASSPHRASE": "test-passphrase-for-local-stacks",
        "PULUMI_PYTHON_CMD": str(python),
        "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "false",
    }
    assert shutil.which("pulumi", path=env["PATH"]) is not None
    return env
