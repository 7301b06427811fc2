"""The report's bytecode fact: a module the processes would compile at every import is
named, whether its bytecode is missing, older than its source, or hash-based and wrong."""

from __future__ import annotations

import os
import py_compile
from pathlib import Path

from bench.machine import PROJECT_PACKAGES, stale_bytecode


def _project(tmp_path: Path) -> Path:
    for package in PROJECT_PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "mod.py").write_text("VALUE = 1\n")
    return tmp_path


def test_modules_without_bytecode_are_stale(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert len(stale_bytecode(root)) == len(PROJECT_PACKAGES)


def test_compiled_modules_are_current_until_their_source_changes(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for package in PROJECT_PACKAGES:
        py_compile.compile(str(root / package / "mod.py"), doraise=True)
    assert stale_bytecode(root) == []
    edited = root / PROJECT_PACKAGES[0] / "mod.py"
    edited.write_text("VALUE = 22\n")  # another size, and a later mtime
    later = edited.stat().st_mtime + 5
    os.utime(edited, (later, later))
    assert stale_bytecode(root) == [edited]


def test_hash_based_bytecode_is_checked_against_the_source(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for package in PROJECT_PACKAGES:
        py_compile.compile(
            str(root / package / "mod.py"),
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
    assert stale_bytecode(root) == []
    edited = root / PROJECT_PACKAGES[-1] / "mod.py"
    edited.write_text("VALUE = 2\n")  # same size; only the hash tells
    assert stale_bytecode(root) == [edited]
