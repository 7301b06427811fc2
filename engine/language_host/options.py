"""The ``runtime.options`` of Pulumi.yaml that matter to a Python program, validated."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from language_host.errors import HostError

if TYPE_CHECKING:
    from language_host.protos import lang


@dataclasses.dataclass(frozen=True)
class ProgramOptions:
    """Where the program lives and how its Python environment is managed."""

    root: Path
    program_dir: Path
    virtualenv: str = ""
    toolchain: str = "pip"
    typechecker: str = ""

    @classmethod
    def from_info(cls, info: lang.ProgramInfo, *, default_root: Path) -> ProgramOptions:
        """Validate the options the way the upstream host does, with the same messages."""
        root = Path(info.root_directory) if info.root_directory else default_root
        program_dir = Path(info.program_directory) if info.program_directory else root
        raw: dict[str, Any] = dict(info.options.items()) if info.HasField("options") else {}
        values: dict[str, str] = {}
        for key in ("virtualenv", "toolchain", "typechecker"):
            if key in raw:
                if not isinstance(raw[key], str):
                    raise HostError(f"{key} option must be a string")
                values[key] = raw[key]
        toolchain = values.get("toolchain", "pip")
        if toolchain not in ("pip", "uv", "poetry"):
            raise HostError(f"unsupported toolchain option: {toolchain}")
        typechecker = values.get("typechecker", "")
        if typechecker not in ("", "mypy", "pyright"):
            raise HostError(f"unsupported typechecker option: {typechecker}")
        return cls(root, program_dir, values.get("virtualenv", ""), toolchain, typechecker)
