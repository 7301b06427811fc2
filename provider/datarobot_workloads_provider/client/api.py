"""Typed operations of the Workload API, one method per endpoint.

Creating is the one place where a retry can duplicate an object: when a POST's fate is
unknown (the connection dropped, or a 5xx came back), `_create` first looks for the object
the POST may have made (same name, created since the attempt began, same key fields) and
only posts again when there is none.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel

from . import models
from .errors import ApiError, NotFoundError
from .pagination import iterate
from .settings import ApiSettings
from .transport import OutcomeUnknownError, Transport

ARTIFACTS = "registry/artifacts/"
WORKLOADS = "console/workloads/"
DEPLOYMENTS = "console/deployments/"
CREATE_ATTEMPTS = 5
# How far back a recovered object's createdAt may be from our first attempt (clock skew).
CLOCK_SKEW = timedelta(minutes=2)

M = TypeVar("M", bound=BaseModel)


class WorkloadApi:
    """One instance per provider process: it owns the pooled httpx client."""

    def __init__(self, settings: ApiSettings, *, transport: Transport | None = None) -> None:
        self.settings = settings
        self.transport = transport or Transport(settings)

    def close(self) -> None:
        self.transport.close()

    # Artifacts -------------------------------------------------------------------------
    def create_artifact(self, body: dict[str, Any]) -> models.Artifact:
        return self._create(
            ARTIFACTS, body, models.Artifact, lambda a: _same(a.model_dump(), body, ("type",))
        )

    def get_artifact(self, artifact_id: str) -> models.Artifact:
        return models.Artifact.model_validate(
            self.transport.request("GET", _item(ARTIFACTS, artifact_id))
        )

    def replace_artifact(self, artifact_id: str, body: dict[str, Any]) -> models.Artifact:
        path = _item(ARTIFACTS, artifact_id)
        return models.Artifact.model_validate(self.transport.request("PUT", path, json=body))

    def patch_artifact(self, artifact_id: str, body: dict[str, Any]) -> models.Artifact:
        path = _item(ARTIFACTS, artifact_id)
        return models.Artifact.model_validate(self.transport.request("PATCH", path, json=body))

    def delete_artifact(self, artifact_id: str) -> None:
        self._delete(_item(ARTIFACTS, artifact_id))

    def list_artifacts(self, **params: Any) -> Iterator[models.Artifact]:
        for item in iterate(self.transport, ARTIFACTS, params):
            yield models.Artifact.model_validate(item)

    # Workloads -------------------------------------------------------------------------
    def create_workload(self, body: dict[str, Any]) -> models.Workload:
        return self._create(
            WORKLOADS,
            body,
            models.Workload,
            lambda w: w.artifact_id == body.get("artifactId"),
        )

    def get_workload(self, workload_id: str) -> models.Workload:
        return models.Workload.model_validate(
            self.transport.request("GET", _item(WORKLOADS, workload_id))
        )

    def start_workload(self, workload_id: str) -> models.Workload:
        return self._action(workload_id, "start")

    def stop_workload(self, workload_id: str) -> models.Workload:
        return self._action(workload_id, "stop")

    def delete_workload(self, workload_id: str) -> None:
        self._delete(_item(WORKLOADS, workload_id))

    def list_workloads(self, **params: Any) -> Iterator[models.Workload]:
        for item in iterate(self.transport, WORKLOADS, params):
            yield models.Workload.model_validate(item)

    # Deployments -----------------------------------------------------------------------
    def create_deployment(self, body: dict[str, Any]) -> models.Deployment:
        return self._create(
            DEPLOYMENTS,
            body,
            models.Deployment,
            lambda d: d.workload_id == body.get("workloadId"),
        )

    def get_deployment(self, deployment_id: str) -> models.Deployment:
        path = _item(DEPLOYMENTS, deployment_id)
        return models.Deployment.model_validate(self.transport.request("GET", path))

    def patch_deployment(self, deployment_id: str, body: dict[str, Any]) -> models.Deployment:
        path = _item(DEPLOYMENTS, deployment_id)
        return models.Deployment.model_validate(self.transport.request("PATCH", path, json=body))

    def delete_deployment(self, deployment_id: str) -> None:
        self._delete(_item(DEPLOYMENTS, deployment_id))

    def list_deployments(self, **params: Any) -> Iterator[models.Deployment]:
        for item in iterate(self.transport, DEPLOYMENTS, params):
            yield models.Deployment.model_validate(item)

    def deployment_stats(self, deployment_id: str) -> models.DeploymentStats:
        path = _item(DEPLOYMENTS, deployment_id) + "stats/"
        return models.DeploymentStats.model_validate(self.transport.request("GET", path))

    # Shared ----------------------------------------------------------------------------
    def _action(self, workload_id: str, action: str) -> models.Workload:
        """start/stop are POSTs; when their fate is unknown, the caller re-reads and decides."""
        path = _item(WORKLOADS, workload_id) + action
        try:
            body = self.transport.request("POST", path)
        except OutcomeUnknownError:
            return self.get_workload(workload_id)
        return models.Workload.model_validate(body)

    def _delete(self, path: str) -> None:
        """A DELETE retried after a dropped answer finds the object gone: that is success."""
        try:
            self.transport.request("DELETE", path)
        except NotFoundError:
            return

    def _create(
        self,
        collection: str,
        body: dict[str, Any],
        model: type[M],
        matches: Callable[[M], bool],
    ) -> M:
        started = datetime.now(UTC) - CLOCK_SKEW
        last_error: ApiError | None = None
        for attempt in range(1, CREATE_ATTEMPTS + 1):
            if last_error is not None:
                found = self._find_created(collection, body, model, matches, started)
                if found is not None:
                    return found
                time.sleep(min(4.0, 0.25 * 2**attempt))
            try:
                return model.model_validate(self.transport.request("POST", collection, json=body))
            except OutcomeUnknownError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def _find_created(
        self,
        collection: str,
        body: dict[str, Any],
        model: type[M],
        matches: Callable[[M], bool],
        since: datetime,
    ) -> M | None:
        name = body.get("name")
        if not isinstance(name, str) or not name:
            return None
        candidates = []
        for item in iterate(self.transport, collection, {"search": name, "sort": "-createdAt"}):
            obj = model.model_validate(item)
            if getattr(obj, "name", None) != name:
                continue
            created = _parse_time(getattr(obj, "created_at", None))
            if created is not None and created < since:
                continue
            if matches(obj):
                candidates.append(obj)
        return candidates[0] if candidates else None


def _item(collection: str, object_id: str) -> str:
    return f"{collection}{object_id}/"


def _same(found: dict[str, Any], body: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(body.get(k) is None or found.get(k) == body.get(k) for k in keys)


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
