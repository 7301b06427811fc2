"""The plugin's entry point (the top-level `__main__.py`) in a broken environment: one
message saying what to run, no traceback (Pulumi would report one as a provider bug)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.engine import REPO


def test_a_venv_without_the_package_says_what_to_run() -> None:
    # -S: no site-packages, as in a plugin venv that Pulumi created but could not fill.
    done = subprocess.run(
        [sys.executable, "-S", str(REPO), "127.0.0.1:1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "lacks the module 'datarobot_workloads_provider'" in done.stderr
    assert f"{sys.executable} -m pip install {REPO}" in done.stderr
    assert "uv sync" in done.stderr
    assert done.stdout == ""
