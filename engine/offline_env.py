"""The environment one Pulumi run needs offline, with its state in a folder of its own.

scripts/env.sh sets the same variables for a shell in the clone; tests and the benchmark
use this instead so that each run gets its own PULUMI_HOME and file backend (a test never
touches the user's stacks, and leaves nothing behind). Keep the two in step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENGINE_BIN = REPO / ".engine" / "bin"


class EngineMissing(RuntimeError):
    """The engine was not built; the message says how to build it."""


def require_engine() -> Path:
    """The engine's bin folder. There is no fallback to another `pulumi` on PATH: its
    behaviour (and its timings) would belong to a different engine."""
    if not (ENGINE_BIN / "pulumi").exists():
        raise EngineMissing(
            f"the Pulumi engine is missing ({ENGINE_BIN / 'pulumi'}); run scripts/setup.sh first"
        )
    return ENGINE_BIN


def offline_env(state_dir: Path, *, passphrase: str, repo_on_path: bool = False) -> dict[str, str]:
    """Variables to add to a run's environment; creates PULUMI_HOME and the backend folder.

    `repo_on_path` puts the clone on PYTHONPATH, for programs and dynamic providers that
    import modules from it which are not installed (the benchmark's own resources).
    """
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
        "PULUMI_CONFIG_PASSPHRASE": passphrase,
        "PULUMI_PYTHON_CMD": str(python),
    }
    if repo_on_path:
        inherited = os.environ.get("PYTHONPATH", "")
        env["PYTHONPATH"] = os.pathsep.join(part for part in (str(REPO), inherited) if part)
    return env
