"""The current dialect of the Workload API, behind the interface of `api.WorkloadApi`.

DataRobot's clients of today speak it: `/workloads/`, `/artifacts/`, artifact
repositories, draft -> locked, no deployments, and a workload that changes its artifact or
runtime in place by a rolling replacement. What differs on the wire is translated here and
nowhere else, so the lifecycle reads the same models in both dialects:

- a workload's runtime is `{containerGroups: [{name, replicaCount, autoscaling,
  resourceBundles, containers}]}` on the wire and `{replicaCount, autoscaling,
  resourceBundleId, containers}` in the models (one group: the clients allow one);
- start and stop answer `{status, workloadId, trackVia}` (or 200 when already there), so
  the workload is read after them;
- lists order by `orderBy`;
- an empty description is the dialect's default: none, as the older dialect says it.

The replacement POST is the one new write whose answer can be lost: like a create, it is
only sent again when the workload shows no sign of it (`_replacement_taken`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..contract.statuses import REPLACEMENT_FAILED
from . import models
from .api import WorkloadApi, _item
from .errors import ApiError, ConflictError, OutcomeUnknownError
from .pagination import iterate
from .retry import LOST_ANSWER, LOST_ANSWER_ATTEMPTS
from .settings import CURRENT

REPOSITORIES = "artifactRepositories/"


class CurrentWorkloadApi(WorkloadApi):
    dialect = CURRENT
    ARTIFACTS = "artifacts/"
    WORKLOADS = "workloads/"
    NEWEST_FIRST = {"orderBy": "-createdAt"}

    # Dialect ---------------------------------------------------------------------------
    def parse_artifact(self, body: Any) -> models.Artifact:
        if isinstance(body, dict):
            body = {**body, "description": body.get("description") or None, "dialect": CURRENT}
        return models.Artifact.model_validate(body)

    def parse_workload(self, body: Any) -> models.Workload:
        if isinstance(body, dict):
            body = {
                **body,
                "runtime": model_runtime(body.get("runtime")),
                "description": body.get("description") or None,
                "dialect": CURRENT,
            }
        return models.Workload.model_validate(body)

    def wire_workload_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return {**body, "runtime": wire_runtime(body.get("runtime"))}

    def action_answer(self, workload_id: str, body: Any) -> models.Workload:
        return self.get_workload(workload_id)

    # Workloads in place ----------------------------------------------------------------
    def patch_workload(self, workload_id: str, body: dict[str, Any]) -> models.Workload:
        path = _item(self.WORKLOADS, workload_id)
        return self.parse_workload(self.transport.request("PATCH", path, json=body))

    def replace_workload(
        self,
        workload_id: str,
        artifact_id: str,
        *,
        runtime: dict[str, Any] | None,
        config: dict[str, Any],
    ) -> models.Replacement:
        body: dict[str, Any] = {"artifactId": artifact_id, "strategy": "rolling"}
        if config:
            body["config"] = config
        if runtime is not None:
            body["runtime"] = wire_runtime(runtime)
        path = _item(self.WORKLOADS, workload_id) + "replacement"
        last_error: ApiError | None = None
        for attempt in range(1, LOST_ANSWER_ATTEMPTS + 1):
            if last_error is not None:
                self.timing.pause(LOST_ANSWER, attempt)
            try:
                answer = self.transport.request("POST", path, json=body)
                return models.Replacement.model_validate(answer or {})
            except OutcomeUnknownError as exc:
                last_error = exc
            taken = self._replacement_taken(workload_id, artifact_id)
            if taken is not None:
                return taken
        assert last_error is not None
        raise last_error

    def resize_workload(self, workload_id: str, runtime: dict[str, Any]) -> models.Replacement:
        path = _item(self.WORKLOADS, workload_id) + "settings"
        try:
            answer = self.transport.request("PATCH", path, json={"runtime": wire_runtime(runtime)})
        except ConflictError:
            # A retried PATCH whose first attempt was taken: its replacement is the active one.
            active = self.get_workload(workload_id).replacement
            if active is None:
                raise
            return active
        return models.Replacement.model_validate(answer or {})

    def replacement_history(self, workload_id: str) -> Iterator[models.Replacement]:
        path = _item(self.WORKLOADS, workload_id) + "history"
        for item in iterate(self.transport, path, self.NEWEST_FIRST):
            yield models.Replacement.model_validate(item)

    def delete_workload(self, workload_id: str) -> str | None:
        """The DELETE's answer may be 204, or 200/202 with a `detail` (deletion accepted,
        or some of its protons could not be stopped): the detail is returned so the
        caller, which waits for the workload to be gone, can say it."""
        answer = self._delete(self.WORKLOADS, workload_id)
        detail = answer.get("detail") if isinstance(answer, dict) else None
        return detail if isinstance(detail, str) and detail else None

    # Repositories -----------------------------------------------------------------------
    def get_repository(self, repository_id: str) -> models.Repository:
        return models.Repository.model_validate(self._get_item(REPOSITORIES, repository_id))

    def delete_repository(self, repository_id: str) -> None:
        self._delete(REPOSITORIES, repository_id)

    def _replacement_taken(self, workload_id: str, artifact_id: str) -> models.Replacement | None:
        """After a lost answer: the replacement the workload shows for `artifact_id`, or
        None when it shows none (then the POST is sent again)."""
        workload = self.get_workload(workload_id)
        active = workload.replacement
        if (
            active is not None
            and active.candidate_artifact_id == artifact_id
            and active.status not in REPLACEMENT_FAILED
        ):
            return active
        if workload.artifact_id == artifact_id:
            return models.Replacement(status="completed", candidate_artifact_id=artifact_id)
        return None


def wire_runtime(runtime: dict[str, Any] | None) -> dict[str, Any]:
    """`{replicaCount, autoscaling, resourceBundleId, containers}` as the current
    dialect's one group. A replica count and enabled autoscaling exclude each other there."""
    runtime = runtime or {}
    group: dict[str, Any] = {"name": "default"}
    autoscaling = runtime.get("autoscaling")
    if not (isinstance(autoscaling, dict) and autoscaling.get("enabled")):
        group["replicaCount"] = runtime.get("replicaCount", 1)
    if autoscaling is not None:
        group["autoscaling"] = autoscaling
    bundle = runtime.get("resourceBundleId")
    if bundle:
        group["resourceBundles"] = [bundle]
    if runtime.get("containers"):
        group["containers"] = runtime["containers"]
    return {"containerGroups": [group]}


def model_runtime(runtime: Any) -> dict[str, Any] | None:
    """The wire's first container group as the models' runtime (the inverse of
    `wire_runtime`): a group that autoscales reads as the declared default replica count."""
    if not isinstance(runtime, dict):
        return None
    groups = runtime.get("containerGroups") or []
    if not groups or not isinstance(groups[0], dict):
        return {}
    group = groups[0]
    out: dict[str, Any] = {"replicaCount": group.get("replicaCount")}
    autoscaling = group.get("autoscaling")
    if autoscaling is not None:
        out["autoscaling"] = policy_bounds(autoscaling)
        if out["replicaCount"] is None:
            out["replicaCount"] = 1
    bundles = group.get("resourceBundles") or []
    if bundles and isinstance(bundles[0], str):
        out["resourceBundleId"] = bundles[0]
    if group.get("containers"):
        out["containers"] = group["containers"]
    return out


def policy_bounds(autoscaling: Any) -> Any:
    """Autoscaling with its bounds on each policy, as the models (and the API's 11.5
    schema) keep them. Newer clients put them on the autoscaling object instead
    (`minReplicaCount`, `maxReplicaCount`): an answer of that shape gives them to every
    policy that names none, so a refresh compares like with like."""
    if not isinstance(autoscaling, dict):
        return autoscaling
    low, high = autoscaling.get("minReplicaCount"), autoscaling.get("maxReplicaCount")
    if low is None and high is None:
        return autoscaling
    policies = [
        {
            **policy,
            "minCount": low if policy.get("minCount") is None else policy["minCount"],
            "maxCount": high if policy.get("maxCount") is None else policy["maxCount"],
        }
        if isinstance(policy, dict)
        else policy
        for policy in autoscaling.get("policies") or []
    ]
    rest = {k: v for k, v in autoscaling.items() if k not in ("minReplicaCount", "maxReplicaCount")}
    return {**rest, "policies": policies}
