"""A failure whose report meets CPython 3.11.7's AST fault is still reported (see
`tests.failure_reports`), instead of ending the run as an internal error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CONFTEST = """
import _pytest._code.code as code

pytest_plugins = ["tests.failure_reports"]
real = code.getstatementrange_ast
seen = []


def faulty(*args, **kwargs):
    if not seen:
        seen.append(1)
        raise SystemError("AST constructor recursion depth mismatch (before=129, after=144)")
    return real(*args, **kwargs)


code.getstatementrange_ast = faulty
"""


def _run(folder: Path, conftest: str) -> subprocess.CompletedProcess[str]:
    (folder / "conftest.py").write_text(conftest)
    (folder / "test_one.py").write_text("def test_fails():\n    assert 1 == 2\n")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(folder)],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_failure_is_reported_when_its_first_rendering_meets_the_fault(
    tmp_path: Path,
) -> None:
    done = _run(tmp_path, CONFTEST)
    assert "INTERNALERROR" not in done.stdout + done.stderr
    assert "1 failed" in done.stdout
    assert "assert 1 == 2" in done.stdout


def test_without_the_plugin_the_same_fault_ends_the_run(tmp_path: Path) -> None:
    done = _run(tmp_path, CONFTEST.replace('pytest_plugins = ["tests.failure_reports"]', ""))
    assert "INTERNALERROR" in done.stdout + done.stderr
