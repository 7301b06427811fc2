"""The artifact spec's rules that pydantic cannot express (see `contract.canonical` for
its canonical form and digest)."""

from __future__ import annotations

from typing import Any


def spec_rule_failures(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """Exactly one primary container per artifact, and the primary has a port."""
    failures: list[tuple[str, str]] = []
    containers = [
        (g, c, container)
        for g, group in enumerate(spec.get("container_groups") or [])
        for c, container in enumerate(group.get("containers") or [])
    ]
    if len(containers) == 1:
        g, c, only = containers[0]
        if only.get("primary") is False:
            failures.append(
                (_at(g, c, "primary"), "a lone container is the primary one; remove primary: false")
            )
        primaries = [containers[0]]
    else:
        primaries = [item for item in containers if item[2].get("primary") is True]
        if not primaries:
            failures.append(
                (
                    "spec.container_groups[0].containers",
                    "exactly one container must have primary: true",
                )
            )
        for g, c, _ in primaries[1:]:
            failures.append((_at(g, c, "primary"), "only one container may be primary"))
    for g, c, container in primaries[:1]:
        if container.get("port") is None:
            failures.append((_at(g, c, "port"), "the primary container needs a port (1024-65535)"))
    return failures


def _at(group: int, container: int, field: str) -> str:
    return f"spec.container_groups[{group}].containers[{container}].{field}"
