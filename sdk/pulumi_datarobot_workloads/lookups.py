"""Reading existing objects from a program: by ID, by name, the latest registered version.

These run in the program process with the same credentials the resources use, and call the
API at preview time too (a lookup's answer shapes the plan), so use them for objects this
stack does not own, such as prod reading the artifact dev registered. The lookups
themselves live in `datarobot_workloads_provider.lookups`, which the plugin also serves to
YAML and TypeScript programs: one implementation, the same answers in every language.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pulumi
from datarobot_workloads_provider import lookups
from datarobot_workloads_provider.client.settings import ApiSettings
from datarobot_workloads_provider.lookups import (
    ArtifactInfo,
    DeploymentInfo,
    LookupFailed,
    WorkloadInfo,
)

if TYPE_CHECKING:
    from datarobot_workloads_provider.client.api import WorkloadApi

__all__ = [
    "ArtifactInfo",
    "DeploymentInfo",
    "LookupFailed",
    "WorkloadInfo",
    "get_artifact",
    "get_deployment",
    "get_deployment_stats",
    "get_workload",
    "list_artifacts",
    "list_deployments",
    "list_workloads",
]


def _api() -> WorkloadApi:
    """The client for this program's stack config, read at each lookup: one process may run
    several programs (Automation API inline programs), each with its own endpoint and
    dialect, so a client is shared only by lookups with the same settings."""
    config = pulumi.Config("datarobot")
    return _client_for(
        ApiSettings.resolve(
            {
                "datarobot:endpoint": config.get("endpoint"),
                "datarobot:apikey": config.get("apikey"),
                "datarobot:tracecontext": config.get("tracecontext"),
                "datarobot:dialect": config.get("dialect"),
            }
        )
    )


@functools.cache
def _client_for(settings: ApiSettings) -> WorkloadApi:
    from datarobot_workloads_provider.client.dialects import open_api

    return open_api(settings)


def get_artifact(
    id: str | None = None,
    *,
    name: str | None = None,
    version: int | None = None,
    latest_registered: bool = False,
) -> ArtifactInfo:
    """By ID; or by exact name with a version, or the newest registered version of a name."""
    return lookups.get_artifact(
        _api(), id, name=name, version=version, latest_registered=latest_registered
    )


def get_workload(id: str | None = None, *, name: str | None = None) -> WorkloadInfo:
    return lookups.get_workload(_api(), id, name=name)


def get_deployment(id: str | None = None, *, name: str | None = None) -> DeploymentInfo:
    return lookups.get_deployment(_api(), id, name=name)


def list_artifacts(search: str | None = None, *, limit: int | None = None) -> list[ArtifactInfo]:
    return lookups.list_artifacts(_api(), search, limit=limit).items


def list_workloads(search: str | None = None, *, limit: int | None = None) -> list[WorkloadInfo]:
    return lookups.list_workloads(_api(), search, limit=limit).items


def list_deployments(
    search: str | None = None, *, limit: int | None = None
) -> list[DeploymentInfo]:
    return lookups.list_deployments(_api(), search, limit=limit).items


def get_deployment_stats(id: str) -> dict[str, Any]:
    """Request counts, error rates and mean latency since the deployment was created."""
    stats = lookups.get_deployment_stats(_api(), id)
    return {"period": stats.period, "metrics": stats.metrics}
