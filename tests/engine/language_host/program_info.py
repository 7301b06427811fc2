"""Requests as the engine builds them, for the language host's unit tests."""

from __future__ import annotations

import sys
from pathlib import Path

from pulumi.runtime.proto import language_pb2

#: The venv running the tests: it has what a program or plugin needs, so projects link it
#: in as their ``virtualenv``.
VENV = Path(sys.executable).parent.parent


def info(root: Path, **options: str) -> language_pb2.ProgramInfo:
    """A ProgramInfo as the engine sends it for a project at ``root``."""
    message = language_pb2.ProgramInfo(
        root_directory=str(root), program_directory=str(root), entry_point="."
    )
    message.options.update(options)
    return message
