"""Typed operations of the Workload API, one method per endpoint.

Creating is the one place where a retry can duplicate an object: when a POST's fate is
unknown (the connection dropped, or a 5xx came back), `_create` first looks for the object
the POST may have made (same name, created since the attempt began, same content) and
only posts again when there is none. "Same content" matters during a replacement: the
object being replaced has the same name and was created recently too, and taking it for
the new one would hand the engine an ID it is about to delete.

start/stop are POSTs as well: when their fate is unknown, `_action` re-reads the workload
and repeats the action only while the workload shows it has not happened.

This class speaks the older dialect (`/console/workloads/`, `/registry/artifacts/`,
deployments); `current.CurrentWorkloadApi` speaks the current one behind the same
interface (docs/architecture.md, "Two dialects"). Answers of either are parsed into the
same lenient records (`models`), so the lifecycle reads one shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from ..contract.args import RuntimeArgs
from ..contract.canonical import canonical_spec, drop_empty
from ..contract.statuses import STARTABLE
from . import models
from .errors import ApiError, EndpointNotServingError, NotFoundError, OutcomeUnknownError
from .pagination import iterate
from .records import Record
from .retry import LOST_ANSWER, LOST_ANSWER_ATTEMPTS, Timing
from .settings import ENDPOINT_CONFIG_KEY, ENDPOINT_ENV, OLDER, ApiSettings
from .transport import Transport

ARTIFACTS = "registry/artifacts/"
WORKLOADS = "console/workloads/"
DEPLOYMENTS = "console/deployments/"
# Statuses that show a start / stop has not taken effect (yet): the action must be re-sent.
# (provisioning, launching: the current dialect's way to running.)
NOT_DONE = {
    "start": STARTABLE,
    "stop": frozenset({"submitted", "initializing", "provisioning", "launching", "running"}),
}
# How far back a recovered object's createdAt may be from our first attempt (clock skew).
CLOCK_SKEW = timedelta(minutes=2)

M = TypeVar("M", bound=Record)


class DialectUnsupported(ApiError):
    """An operation the configured dialect of the API does not have."""


class WorkloadApi:
    """One instance per provider process and dialect: it owns the pooled httpx client."""

    dialect = OLDER
    ARTIFACTS = ARTIFACTS
    WORKLOADS = WORKLOADS
    # The list query that orders by creation, newest first.
    NEWEST_FIRST: dict[str, str] = {"sort": "-createdAt"}

    def __init__(self, settings: ApiSettings, *, transport: Transport | None = None) -> None:
        self.settings = settings
        self.transport = transport or Transport(settings)
        # Collections that answered a list: a 404 of one of their objects is its absence.
        self._served: set[str] = set()

    @property
    def timing(self) -> Timing:
        """The clock and sleep of this client's retries, lost-answer checks and waits."""
        return self.transport.timing

    def close(self) -> None:
        self.transport.close()

    # Artifacts -------------------------------------------------------------------------
    def create_artifact(self, body: dict[str, Any]) -> models.Artifact:
        return self._create(
            self.ARTIFACTS, body, self.parse_artifact, lambda a: _same_artifact(a, body)
        )

    def get_artifact(self, artifact_id: str) -> models.Artifact:
        return self.parse_artifact(self._get_item(self.ARTIFACTS, artifact_id))

    def replace_artifact(self, artifact_id: str, body: dict[str, Any]) -> models.Artifact:
        path = _item(self.ARTIFACTS, artifact_id)
        return self.parse_artifact(self.transport.request("PUT", path, json=body))

    def patch_artifact(self, artifact_id: str, body: dict[str, Any]) -> models.Artifact:
        path = _item(self.ARTIFACTS, artifact_id)
        return self.parse_artifact(self.transport.request("PATCH", path, json=body))

    def delete_artifact(self, artifact_id: str) -> None:
        self._delete(self.ARTIFACTS, artifact_id)

    def list_artifacts(self, **params: Any) -> Iterator[models.Artifact]:
        for item in iterate(self.transport, self.ARTIFACTS, params):
            yield self.parse_artifact(item)

    # Workloads -------------------------------------------------------------------------
    def create_workload(self, body: dict[str, Any]) -> models.Workload:
        """`body` in the older shape (its runtime `{replicaCount, autoscaling, ...}`);
        each dialect sends it in its own (`wire_workload_body`)."""
        return self._create(
            self.WORKLOADS,
            self.wire_workload_body(body),
            self.parse_workload,
            lambda w: (
                w.artifact_id == body.get("artifactId")
                and _runtime_key(w.runtime) == _runtime_key(body.get("runtime"))
            ),
        )

    def get_workload(self, workload_id: str) -> models.Workload:
        return self.parse_workload(self._get_item(self.WORKLOADS, workload_id))

    def patch_workload(self, workload_id: str, body: dict[str, Any]) -> models.Workload:
        """Name, description, importance in place (current dialect only)."""
        raise self._unsupported("changing a workload in place")

    def replace_workload(
        self,
        workload_id: str,
        artifact_id: str,
        *,
        runtime: dict[str, Any] | None,
        config: dict[str, Any],
    ) -> models.Replacement:
        """A rolling replacement onto another artifact (current dialect only)."""
        raise self._unsupported("a rolling replacement")

    def resize_workload(self, workload_id: str, runtime: dict[str, Any]) -> models.Replacement:
        """A rolling replacement onto a new runtime, same artifact (current dialect only)."""
        raise self._unsupported("a rolling replacement")

    def replacement_history(self, workload_id: str) -> Iterator[models.Replacement]:
        """A workload's settled replacements, newest first (current dialect only)."""
        raise self._unsupported("replacement history")

    def get_repository(self, repository_id: str) -> models.Repository:
        """An artifact repository: its versions (current dialect only)."""
        raise self._unsupported("artifact repositories")

    def delete_repository(self, repository_id: str) -> None:
        """Deletes a repository with every version in it (current dialect only)."""
        raise self._unsupported("artifact repositories")

    def start_workload(self, workload_id: str) -> models.Workload:
        return self._action(workload_id, "start")

    def stop_workload(self, workload_id: str) -> models.Workload:
        return self._action(workload_id, "stop")

    def delete_workload(self, workload_id: str) -> str | None:
        """Deletes it; returns what the API said beside success, if anything (the current
        dialect may answer a detail when part of the workload could not be stopped)."""
        self._delete(self.WORKLOADS, workload_id)
        return None

    def list_workloads(self, **params: Any) -> Iterator[models.Workload]:
        for item in iterate(self.transport, self.WORKLOADS, params):
            yield self.parse_workload(item)

    # Dialect ---------------------------------------------------------------------------
    def parse_artifact(self, body: Any) -> models.Artifact:
        return models.Artifact.model_validate(body)

    def parse_workload(self, body: Any) -> models.Workload:
        return models.Workload.model_validate(body)

    def wire_workload_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return body

    def _unsupported(self, what: str) -> DialectUnsupported:
        return DialectUnsupported(f"the {self.dialect} dialect of the Workload API has no {what}")

    # Deployments -----------------------------------------------------------------------
    def create_deployment(self, body: dict[str, Any]) -> models.Deployment:
        return self._create(
            DEPLOYMENTS,
            body,
            models.Deployment.model_validate,
            lambda d: d.workload_id == body.get("workloadId"),
        )

    def get_deployment(self, deployment_id: str) -> models.Deployment:
        return models.Deployment.model_validate(self._get_item(DEPLOYMENTS, deployment_id))

    def patch_deployment(self, deployment_id: str, body: dict[str, Any]) -> models.Deployment:
        path = _item(DEPLOYMENTS, deployment_id)
        return models.Deployment.model_validate(self.transport.request("PATCH", path, json=body))

    def delete_deployment(self, deployment_id: str) -> None:
        self._delete(DEPLOYMENTS, deployment_id)

    def list_deployments(self, **params: Any) -> Iterator[models.Deployment]:
        for item in iterate(self.transport, DEPLOYMENTS, params):
            yield models.Deployment.model_validate(item)

    def deployment_stats(self, deployment_id: str) -> models.DeploymentStats:
        path = _item(DEPLOYMENTS, deployment_id) + "stats/"
        return models.DeploymentStats.model_validate(self.transport.request("GET", path))

    # Shared ----------------------------------------------------------------------------
    def _action(self, workload_id: str, action: str) -> models.Workload:
        """POSTs start/stop. When the answer is lost, the workload's status tells whether the
        action happened: a start leaves stopped/errored, a stop leaves the running side. If it
        did not, send it again; returning the unchanged workload instead would leave the
        caller waiting (until its timeout) for a status change that was never requested."""
        path = _item(self.WORKLOADS, workload_id) + action
        last_error: ApiError | None = None
        for attempt in range(1, LOST_ANSWER_ATTEMPTS + 1):
            if last_error is not None:
                self.timing.pause(LOST_ANSWER, attempt)
            try:
                return self.action_answer(workload_id, self.transport.request("POST", path))
            except OutcomeUnknownError as exc:
                last_error = exc
            workload = self.get_workload(workload_id)
            if workload.status not in NOT_DONE[action]:
                return workload
        assert last_error is not None
        raise last_error

    def action_answer(self, workload_id: str, body: Any) -> models.Workload:
        """What a start or stop answers, as the workload (the older answer is one)."""
        return self.parse_workload(body)

    def _get_item(self, collection: str, object_id: str) -> Any:
        try:
            return self.transport.request("GET", _item(collection, object_id))
        except NotFoundError as error:
            raise self._absence(collection, error) from None

    def _delete(self, collection: str, object_id: str) -> Any:
        """The DELETE's answer (None for an object already gone): a DELETE retried after
        a dropped answer finds the object gone, and that is success."""
        try:
            return self.transport.request("DELETE", _item(collection, object_id))
        except NotFoundError as error:
            absence = self._absence(collection, error)
            if absence is not error:
                raise absence from None
            return None

    def _absence(self, collection: str, error: NotFoundError) -> ApiError:
        """`error` when the object's collection answers a list (the object is gone), else
        the endpoint's error: an endpoint that is not the API's base URL answers 404 for
        everything, and taking that as absence would make a refresh forget every object
        (the next `up` makes them again) and a destroy report them deleted. One list call,
        once per collection and client, and only after a 404."""
        if collection in self._served:
            return error
        try:
            self.transport.request("GET", collection, params={"limit": 1})
        except NotFoundError:
            return EndpointNotServingError(
                f"{self.settings.endpoint} does not serve the Workload API: it answered 404 "
                f"for the object and for its collection {collection}. Check "
                f"{ENDPOINT_CONFIG_KEY} (or {ENDPOINT_ENV}): the API's base URL, ending in "
                "/api/v2 (https://app.datarobot.com/api/v2)",
                method=error.method,
                path=error.path,
            )
        self._served.add(collection)
        return error

    def _create(
        self,
        collection: str,
        body: dict[str, Any],
        parse: Callable[[Any], M],
        matches: Callable[[M], bool],
    ) -> M:
        started = datetime.now(timezone.utc) - CLOCK_SKEW
        last_error: ApiError | None = None
        for attempt in range(1, LOST_ANSWER_ATTEMPTS + 1):
            if last_error is not None:
                try:
                    found = self._find_created(collection, body, parse, matches, started)
                except ApiError as lookup:
                    # The server went away (longer than the transport rides out) between
                    # the lost answer and the look: the outcome stays unknown, and says so.
                    raise OutcomeUnknownError(
                        f"{last_error.message}; whether it was created could not be checked "
                        f"({lookup})",
                        method="POST",
                        path=collection,
                    ) from lookup
                if found is not None:
                    return found
                self.timing.pause(LOST_ANSWER, attempt)
            try:
                return parse(self.transport.request("POST", collection, json=body))
            except OutcomeUnknownError as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    def _find_created(
        self,
        collection: str,
        body: dict[str, Any],
        parse: Callable[[Any], M],
        matches: Callable[[M], bool],
        since: datetime,
    ) -> M | None:
        name = body.get("name")
        if not isinstance(name, str) or not name:
            return None
        candidates = []
        for item in iterate(self.transport, collection, {"search": name, **self.NEWEST_FIRST}):
            obj = parse(item)
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


def _same_artifact(found: models.Artifact, body: dict[str, Any]) -> bool:
    """Type, status and spec as the body asked (specs compared in canonical form, since the
    server fills in defaults); a field either side leaves out is not compared. A registered
    artifact is only replaced by one whose spec, type or status differs, so the artifact
    being replaced never matches."""
    if _differs(found.type, body.get("type")) or _differs(found.status, body.get("status")):
        return False
    if found.spec is None or body.get("spec") is None:
        return True
    wanted = models.ArtifactSpec.model_validate(body["spec"])
    return bool(_spec_key(found.spec) == _spec_key(wanted))


def _differs(found: Any, wanted: Any) -> bool:
    return found is not None and wanted is not None and found != wanted


def _spec_key(spec: models.ArtifactSpec | None) -> Any:
    return canonical_spec(spec.model_dump() if spec is not None else None)


def _runtime_key(runtime: models.Runtime | dict[str, Any] | None) -> Any:
    """A runtime with the contract's default filled in (`RuntimeArgs`) and empties dropped,
    so the server's full answer equals the body it came from. A workload is replaced when
    its runtime changes, so this keeps the workload being replaced from matching."""
    if not isinstance(runtime, models.Runtime):
        runtime = models.Runtime.model_validate(runtime or {})
    key = drop_empty(runtime.model_dump())
    key.setdefault("replica_count", RuntimeArgs().replica_count)
    return key


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
