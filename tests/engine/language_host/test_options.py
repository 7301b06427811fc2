"""The project's runtime options: validated with upstream's messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from language_host.errors import HostError
from language_host.options import ProgramOptions
from program_info import info
from pulumi.runtime.proto import language_pb2


def test_options_are_validated(tmp_path: Path) -> None:
    opts = ProgramOptions.from_info(
        info(tmp_path, virtualenv="v", toolchain="pip"), default_root=Path("/elsewhere")
    )
    assert (opts.root, opts.virtualenv, opts.toolchain) == (tmp_path, "v", "pip")
    with pytest.raises(HostError, match="unsupported toolchain option: conda"):
        ProgramOptions.from_info(info(tmp_path, toolchain="conda"), default_root=tmp_path)
    bad = info(tmp_path)
    bad.options.update({"virtualenv": 3})
    with pytest.raises(HostError, match="virtualenv option must be a string"):
        ProgramOptions.from_info(bad, default_root=tmp_path)
    empty = ProgramOptions.from_info(language_pb2.ProgramInfo(), default_root=tmp_path)
    assert empty.root == tmp_path and empty.virtualenv == ""
