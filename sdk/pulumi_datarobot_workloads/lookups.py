"""Reading existing objects from a program: by ID, by name, the latest registered version.

These run in the program process with the same credentials the resources use, and call the
API at preview time too (a lookup's answer shapes the plan), so use them for objects this
stack does not own, such as prod reading the artifact dev registered.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pulumi
from datarobot_workloads_provider.client.errors import NotFoundError
from datarobot_workloads_provider.client.settings import OLDER, ApiSettings

if TYPE_CHECKING:
    from datarobot_workloads_provider.client import models
    from datarobot_workloads_provider.client.api import WorkloadApi


@dataclass(frozen=True)
class ArtifactInfo:
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
    id: str
    name: str
    workload_id: str
    status: str | None
    endpoint: str | None
    importance: str | None


class LookupFailed(LookupError):
    """Nothing, or more than one thing, matched a lookup."""


@functools.cache
def _api() -> WorkloadApi:
    from datarobot_workloads_provider.client.dialects import open_api

    config = pulumi.Config("datarobot")
    settings = ApiSettings.resolve(
        {
            "datarobot:endpoint": config.get("endpoint"),
            "datarobot:apikey": config.get("apikey"),
            "datarobot:tracecontext": config.get("tracecontext"),
            "datarobot:dialect": config.get("dialect"),
        }
    )
    return open_api(settings)


def get_artifact(
    id: str | None = None,
    *,
    name: str | None = None,
    version: int | None = None,
    latest_registered: bool = False,
) -> ArtifactInfo:
    """By ID; or by exact name with a version, or the newest registered (in the current
    dialect: locked) version of a name."""
    api = _api()
    if id is not None:
        return _artifact_info(_get(api.get_artifact, "artifact", id))
    if name is None:
        raise ValueError("get_artifact needs id=, or name= with version= or latest_registered=True")
    matches = [a for a in api.list_artifacts(search=name) if a.name == name]
    if version is not None:
        matches = [a for a in matches if a.version == version]
    elif latest_registered:
        matches = [a for a in matches if a.status in ("registered", "locked")]
        matches.sort(key=lambda a: a.version or 0, reverse=True)
        matches = matches[:1]
    return _artifact_info(_one(matches, f"artifact named {name!r}", version))


def get_workload(id: str | None = None, *, name: str | None = None) -> WorkloadInfo:
    api = _api()
    if id is not None:
        return _workload_info(_get(api.get_workload, "workload", id))
    if name is None:
        raise ValueError("get_workload needs id= or name=")
    matches = [w for w in api.list_workloads(search=name) if w.name == name]
    return _workload_info(_one(matches, f"workload named {name!r}", None))


def get_deployment(id: str | None = None, *, name: str | None = None) -> DeploymentInfo:
    api = _api()
    _refuse_deployments(api)
    if id is not None:
        return _deployment_info(_get(api.get_deployment, "deployment", id))
    if name is None:
        raise ValueError("get_deployment needs id= or name=")
    matches = [d for d in api.list_deployments(search=name) if d.name == name]
    return _deployment_info(_one(matches, f"deployment named {name!r}", None))


def list_artifacts(search: str | None = None, *, limit: int | None = None) -> list[ArtifactInfo]:
    items = _api().list_artifacts(**_filters(search))
    return [_artifact_info(a) for _, a in zip(range(limit or 10**9), items, strict=False)]


def list_workloads(search: str | None = None, *, limit: int | None = None) -> list[WorkloadInfo]:
    items = _api().list_workloads(**_filters(search))
    return [_workload_info(w) for _, w in zip(range(limit or 10**9), items, strict=False)]


def list_deployments(
    search: str | None = None, *, limit: int | None = None
) -> list[DeploymentInfo]:
    api = _api()
    _refuse_deployments(api)
    items = api.list_deployments(**_filters(search))
    return [_deployment_info(d) for _, d in zip(range(limit or 10**9), items, strict=False)]


def get_deployment_stats(id: str) -> dict[str, Any]:
    """Request counts, error rates and mean latency since the deployment was created."""
    api = _api()
    _refuse_deployments(api)
    stats = _get(api.deployment_stats, "deployment", id)
    return {"period": stats.period, "metrics": stats.metrics}


def _refuse_deployments(api: WorkloadApi) -> None:
    if api.dialect != OLDER:
        raise LookupFailed(
            "the current dialect of the Workload API has no deployments: a workload has its "
            "own stable invoke URL (get_workload(...).invoke_url)"
        )


def _filters(search: str | None) -> dict[str, Any]:
    return {"search": search} if search else {}


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
