"""One name's line of artifact versions in the current dialect, shared by the two that
must agree on it: the `Artifact` resource adds each new version to it, and a lookup by
name and version (`lookups`) finds the versions there. A leaf of its own, so the provider
process's create path does not load the lookups (their result types and the schema's
table of functions) that only a program or the plugin's invoke asks for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import models
    from .client.api import WorkloadApi


def artifact_line(api: WorkloadApi, name: str) -> list[models.Artifact]:
    """The artifacts named `name` in the current dialect, newest first, where versions
    count per artifact repository: those of the repository of the newest one. That is
    the repository the `Artifact` resource adds the next version of that name to, so a
    lookup by name and version finds the versions it made; another repository holding
    the same name (made elsewhere) numbers its versions from 1 too, and is not this line."""
    found = [a for a in api.list_artifacts(search=name, **api.NEWEST_FIRST) if a.name == name]
    # Asked newest first; ordered here too, so an API whose default order differs and
    # that ignores `orderBy` still gives the newest (ties keep the API's order).
    found.sort(key=lambda a: a.created_at or "", reverse=True)
    if not found:
        return []
    repository = found[0].artifact_repository_id
    return [a for a in found if a.artifact_repository_id == repository]
