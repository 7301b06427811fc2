"""Reading existing objects: by ID, by name, the newest registered version, lists, stats.

The one implementation and definition of every lookup. The Python SDK's functions
(`pulumi_datarobot_workloads.get_artifact` ...) call these with the program's client; the
plugin serves the same functions as provider functions (`invoke`) to every other
language, and its package schema and reference pages are derived from `LOOKUPS` (each
function's signature, its `PARAMS` docs and its result dataclass). Only the API client is
passed in: nothing here imports pydantic or httpx, so the program process stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .artifact_line import artifact_line
from .client.errors import NotFoundError
from .client.settings import OLDER

if TYPE_CHECKING:
    from .client import models
    from .client.api import WorkloadApi


@dataclass(frozen=True)
class ArtifactInfo:
    """An artifact as the registry reports it."""

    id: str
    name: str
    status: str
    version: int | None
    type: str | None
    description: str | None
    spec: dict[str, Any] | None
    created_at: str | None
    registered_at: str | None
    # The current dialect's repository; None in the older one.
    repository_id: str | None = None


@dataclass(frozen=True)
class WorkloadInfo:
    """A workload as the API reports it."""

    id: str
    name: str | None
    artifact_id: str | None
    status: str
    endpoint: str | None
    runtime: dict[str, Any] | None
    # The current dialect's stable invoke URL (its endpoint); None in the older one.
    invoke_url: str | None = None


@dataclass(frozen=True)
class DeploymentInfo:
    """A deployment as the API reports it."""

    id: str
    name: str
    workload_id: str
    status: str | None
    endpoint: str | None
    importance: str | None


@dataclass(frozen=True)
class DeploymentStats:
    """Request counts, error rates and mean latency since the deployment was created."""

    period: dict[str, Any] | None
    metrics: dict[str, Any] | None


@dataclass(frozen=True)
class ArtifactList:
    items: list[ArtifactInfo]


@dataclass(frozen=True)
class WorkloadList:
    items: list[WorkloadInfo]


@dataclass(frozen=True)
class DeploymentList:
    items: list[DeploymentInfo]


class Spelled(Exception):
    """A message naming functions and arguments, which each language spells its own way
    (`get_artifact` / `getArtifact`): the names stay apart from the text, and `str()` is
    the Python spelling. Without names the text is taken as written (it may quote a
    user's value, braces and all)."""

    def __init__(self, template: str, *names: str) -> None:
        self.template = template
        self.names = names
        super().__init__(self.spelled(lambda name: name))

    def spelled(self, rename: Callable[[str], str]) -> str:
        """The message with each name as `rename` spells it."""
        if not self.names:
            return self.template
        return self.template.format(*map(rename, self.names))


class LookupFailed(Spelled, LookupError):
    """Nothing, or more than one thing, matched a lookup."""


class LookupArgumentError(Spelled, ValueError):
    """A lookup was asked without what it needs (say, neither id nor name)."""


def get_artifact(
    api: WorkloadApi,
    id: str | None = None,
    *,
    name: str | None = None,
    version: int | None = None,
    latest_registered: bool = False,
) -> ArtifactInfo:
    """An artifact by ID; or by exact name with a version, or the newest registered (in
    the current dialect: locked) version of a name."""
    if id is not None:
        return _artifact_info(_get(api.get_artifact, "artifact", id))
    if name is None:
        raise LookupArgumentError(
            "{0} needs id, or name with version or {1}=true", "get_artifact", "latest_registered"
        )
    if api.dialect == OLDER:
        matches = [a for a in api.list_artifacts(search=name) if a.name == name]
    else:
        matches = artifact_line(api, name)
    if version is not None:
        matches = [a for a in matches if a.version == version]
    elif latest_registered:
        matches = [a for a in matches if a.status in ("registered", "locked")]
        matches.sort(key=lambda a: a.version or 0, reverse=True)
        matches = matches[:1]
    return _artifact_info(_one(matches, f"artifact named {name!r}", version))


def get_workload(
    api: WorkloadApi, id: str | None = None, *, name: str | None = None
) -> WorkloadInfo:
    """A workload by ID, or by exact name."""
    if id is not None:
        return _workload_info(_get(api.get_workload, "workload", id))
    if name is None:
        raise LookupArgumentError("{0} needs id or name", "get_workload")
    matches = [w for w in api.list_workloads(search=name) if w.name == name]
    return _workload_info(_one(matches, f"workload named {name!r}", None))


def get_deployment(
    api: WorkloadApi, id: str | None = None, *, name: str | None = None
) -> DeploymentInfo:
    """A deployment by ID, or by exact name."""
    _refuse_deployments(api)
    if id is not None:
        return _deployment_info(_get(api.get_deployment, "deployment", id))
    if name is None:
        raise LookupArgumentError("{0} needs id or name", "get_deployment")
    matches = [d for d in api.list_deployments(search=name) if d.name == name]
    return _deployment_info(_one(matches, f"deployment named {name!r}", None))


def list_artifacts(
    api: WorkloadApi, search: str | None = None, *, limit: int | None = None
) -> ArtifactList:
    """Artifacts whose name contains `search` (all when not given)."""
    return ArtifactList(
        [_artifact_info(a) for a in _first(api.list_artifacts(**_filters(search)), limit)]
    )


def list_workloads(
    api: WorkloadApi, search: str | None = None, *, limit: int | None = None
) -> WorkloadList:
    """Workloads whose name contains `search` (all when not given)."""
    return WorkloadList(
        [_workload_info(w) for w in _first(api.list_workloads(**_filters(search)), limit)]
    )


def list_deployments(
    api: WorkloadApi, search: str | None = None, *, limit: int | None = None
) -> DeploymentList:
    """Deployments whose name contains `search` (all when not given)."""
    _refuse_deployments(api)
    return DeploymentList(
        [_deployment_info(d) for d in _first(api.list_deployments(**_filters(search)), limit)]
    )


def get_deployment_stats(api: WorkloadApi, id: str) -> DeploymentStats:
    """Request counts, error rates and mean latency since the deployment was created."""
    _refuse_deployments(api)
    stats = _get(api.deployment_stats, "deployment", id)
    return DeploymentStats(period=stats.period, metrics=stats.metrics)


# What each parameter means, for the schema and the reference pages (one place for all).
PARAMS: dict[str, str] = {
    "id": "The object's ID.",
    "name": "The exact API name (when no id is given).",
    "version": "With name: this registry version.",
    "latest_registered": "With name: the newest registered version.",
    "search": "Only objects whose name contains this text.",
    "limit": "At most this many objects.",
}


@dataclass(frozen=True)
class Lookup:
    """One lookup as every language sees it: its schema name and its implementation."""

    name: str
    run: Callable[..., Any]

    @property
    def doc(self) -> str:
        return " ".join((self.run.__doc__ or "").split())


LOOKUPS: tuple[Lookup, ...] = (
    Lookup("getArtifact", get_artifact),
    Lookup("getWorkload", get_workload),
    Lookup("getDeployment", get_deployment),
    Lookup("listArtifacts", list_artifacts),
    Lookup("listWorkloads", list_workloads),
    Lookup("listDeployments", list_deployments),
    Lookup("getDeploymentStats", get_deployment_stats),
)


def _refuse_deployments(api: WorkloadApi) -> None:
    """The current dialect has no deployments; say where its invoke URL is instead."""
    if api.dialect != OLDER:
        raise LookupFailed(
            "the current dialect of the Workload API has no deployments: a workload has its "
            "own stable invoke URL ({0}(...).{1})",
            "get_workload",
            "invoke_url",
        )


def _filters(search: str | None) -> dict[str, Any]:
    return {"search": search} if search else {}


def _first(items: Iterable[Any], limit: int | None) -> list[Any]:
    return [item for _, item in zip(range(limit or 10**9), items, strict=False)]


def _get(fetch: Any, kind: str, id_: str) -> Any:
    try:
        return fetch(id_)
    except NotFoundError as error:
        raise LookupFailed(f"no {kind} with id {id_}") from error


def _one(matches: list[Any], what: str, version: int | None) -> Any:
    if not matches:
        suffix = f" at version {version}" if version is not None else ""
        raise LookupFailed(f"no {what}{suffix}")
    if len(matches) > 1:
        ids = ", ".join(m.id for m in matches[:5])
        raise LookupFailed(f"{len(matches)} objects match {what} ({ids}); look up by id")
    return matches[0]


def _artifact_info(a: models.Artifact) -> ArtifactInfo:
    return ArtifactInfo(
        id=a.id,
        name=a.name,
        status=a.status,
        version=a.version,
        type=a.type,
        description=a.description,
        spec=a.spec.model_dump(exclude_none=True) if a.spec else None,
        created_at=a.created_at,
        registered_at=a.registered_at,
        repository_id=a.artifact_repository_id if a.dialect != OLDER else None,
    )


def _workload_info(w: models.Workload) -> WorkloadInfo:
    return WorkloadInfo(
        id=w.id,
        name=w.name,
        artifact_id=w.artifact_id,
        status=w.status,
        endpoint=w.endpoint,
        runtime=w.runtime.model_dump(exclude_none=True) if w.runtime else None,
        invoke_url=w.endpoint if w.dialect != OLDER else None,
    )


def _deployment_info(d: models.Deployment) -> DeploymentInfo:
    return DeploymentInfo(
        id=d.id,
        name=d.name,
        workload_id=d.workload_id,
        status=d.status,
        endpoint=d.endpoint,
        importance=d.importance,
    )
