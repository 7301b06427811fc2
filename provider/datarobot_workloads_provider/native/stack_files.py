"""The stack's shared config keys as its files state them, read without the Pulumi CLI.

The engine hands the plugin only its own namespace, so `datarobot:*` has to be read from
the stack. Starting `pulumi config` for that costs a process per plugin start; most keys
are written in plain text in the project's files, which Python reads in a millisecond:
`Pulumi.<stack>.yaml` (in `stackConfigDir` when the project names one) and, below it in
precedence, the project's own `config:` in `Pulumi.yaml`.

What the files cannot settle is reported, not guessed, so the caller asks the CLI then:
a secret (`secure:` is ciphertext only the CLI can decrypt), a structured value, and any
key the files leave unset when the stack imports ESC environments (they may set it).
Files that are missing or unreadable settle nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# PyYAML comes with the pulumi SDK (a dependency of it), which the plugin runs on anyway.
import yaml  # type: ignore[import-untyped]

PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")


@dataclass(frozen=True)
class FileConfig:
    """Per key name (`endpoint`, ...): its plain value, or that the files cannot say."""

    values: dict[str, str]
    unsettled: frozenset[str]


def read_stack_files(
    stack: str, start: Path, namespace: str, names: Iterable[str]
) -> FileConfig | None:
    """`namespace:<name>` for each of `names`, from the project found at or above `start`
    (the program's folder) and its `stack`'s file; None when the files cannot be read."""
    project_file = _find_project(start)
    if project_file is None or not stack:
        return None
    project = _load(project_file)
    if project is None:
        return None
    config_dir = project_file.parent / str(project.get("stackConfigDir") or "")
    stack_doc = _load(config_dir / f"Pulumi.{stack}.yaml")
    if stack_doc is None:
        return None
    stack_config = _mapping(stack_doc.get("config"))
    project_config = _mapping(project.get("config"))
    imports_environments = bool(stack_doc.get("environment"))
    values: dict[str, str] = {}
    unsettled: set[str] = set()
    for name in names:
        key = f"{namespace}:{name}"
        if key in stack_config:
            found = _plain(stack_config[key])
        elif key in project_config:
            entry = project_config[key]
            if isinstance(entry, dict):
                entry = entry.get("value", entry.get("default"))
            found = _plain(entry)
        elif imports_environments:
            found = None
        else:
            continue
        if found is None:
            unsettled.add(name)
        else:
            values[name] = found
    return FileConfig(values, frozenset(unsettled))


def _find_project(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in PROJECT_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def _load(path: Path) -> dict[str, Any] | None:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if document is None:
        return {}
    return document if isinstance(document, dict) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _plain(value: Any) -> str | None:
    """A scalar as the CLI reports it; None for a secret or a structured value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None
