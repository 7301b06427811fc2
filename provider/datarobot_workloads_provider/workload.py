"""Workload: runs an artifact with a runtime, through submitted -> initializing -> running.

The API cannot change a workload, so name, artifact and runtime replace it; start/stop and
a restart onto a changed draft spec (`artifact_revision`) are updates in place. Create
waits for `running` and, if the workload errors or times out, deletes it before failing:
a failed create leaves nothing behind. Waits run side by side (see `host`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from . import progress
from .base import ApiResourceProvider, ProviderError, SchemaModel, changed_keys
from .client.errors import ApiError, ConflictError, NotFoundError
from .replacement import WORKLOAD_IN_PLACE, WORKLOAD_REPLACE
from .spec import drop_empty
from .unknowns import is_unknown
from .waiting import WaitFailed, wait_for_status

if TYPE_CHECKING:
    from .client import models

PROVIDER_ONLY = (
    "artifact_revision",
    "start_timeout_seconds",
    "adopt_id",
    "artifact_status",
    "require_registered_artifact",
)
RUNNING_SIDE = frozenset({"submitted", "initializing", "running"})
STOPPED_SIDE = frozenset({"stopping", "stopped"})


class WorkloadProvider(ApiResourceProvider):
    input_model = SchemaModel("WorkloadInput")
    kind = "workload"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        guard = _registered_guard_failure(result.inputs)
        if guard is not None:
            result.failures.append(CheckFailure("artifact_id", guard))
        runtime = result.inputs.get("runtime")
        if isinstance(runtime, dict):
            result.inputs["runtime"] = drop_empty(runtime)
        return result

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds = {**olds, "runtime": drop_empty(olds.get("runtime"))}
        news = {**news, "runtime": drop_empty(news.get("runtime"))}
        replaces = changed_keys(olds, news, WORKLOAD_REPLACE)
        changes = replaces + changed_keys(olds, news, WORKLOAD_IN_PLACE)
        return DiffResult(changes=bool(changes), replaces=replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        adopt_id = props.get("adopt_id")
        if adopt_id:
            return CreateResult(adopt_id, self._adopt(adopt_id, props))
        body = {
            "name": props["name"],
            "artifactId": props["artifact_id"],
            "runtime": _wire_runtime(props.get("runtime")),
        }
        try:
            workload = self.api.create_workload(body)
        except ApiError as error:
            raise self.create_failed(props["name"], error) from error
        progress.info(f"{self._label(workload.id, props)}: created, waiting for it to start")
        try:
            workload = self._settle(workload.id, props)
        except (WaitFailed, ApiError) as error:
            self._remove_after_failed_create(workload.id, props)
            raise ProviderError(
                f"{error}\n  the workload was deleted, so nothing is left behind; "
                "fix the cause and run `pulumi up` again"
            ) from error
        return CreateResult(workload.id, outputs(workload, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self.read_live(
            id_, self.api.get_workload, lambda live: outputs(live, props, observed=True)
        )

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        label = self._label(id_, news)
        try:
            live = self.api.get_workload(id_)
            restart = (
                olds.get("artifact_revision") != news.get("artifact_revision")
                and news.get("desired_status") == "running"
                and live.status in RUNNING_SIDE
            )
            if restart:
                progress.info(f"{label}: restarting onto the changed artifact spec")
                self.api.stop_workload(id_)
                wait_for_status(self.api, id_, "stopped", label=label, timeout=_timeout(news))
            workload = self._settle(id_, news)
        except WaitFailed as error:
            raise ProviderError(str(error)) from error
        except ApiError as error:
            raise self.fail("updating", id_, error) from error
        return UpdateResult(outputs(workload, news))

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        try:
            self.api.delete_workload(id_)
        except ConflictError as error:
            raise ProviderError(
                f"cannot delete {self.describe(id_)}: a deployment still points at it "
                f"({error.message})"
            ) from error
        except ApiError as error:
            raise self.fail("deleting", id_, error) from error

    def _settle(self, id_: str, props: dict[str, Any]) -> models.Workload:
        """Starts or stops the workload as `desired_status` says and waits until it is so."""
        label = self._label(id_, props)
        timeout = _timeout(props)
        workload = self.api.get_workload(id_)
        if props.get("desired_status", "running") == "stopped":
            if workload.status not in STOPPED_SIDE:
                workload = self.api.stop_workload(id_)
            return wait_for_status(self.api, id_, "stopped", label=label, timeout=timeout)
        if workload.status in ("stopped", "errored"):
            workload = self.api.start_workload(id_)
        elif workload.status == "stopping":
            wait_for_status(self.api, id_, "stopped", label=label, timeout=timeout)
            workload = self.api.start_workload(id_)
        return wait_for_status(self.api, id_, "running", label=label, timeout=timeout)

    def _adopt(self, id_: str, props: dict[str, Any]) -> dict[str, Any]:
        try:
            live = self.api.get_workload(id_)
        except NotFoundError as error:
            raise ProviderError(f"adopt_id: workload {id_} does not exist") from error
        current = outputs(live, props)
        differs = [
            key
            for key in WORKLOAD_REPLACE
            if drop_empty(current.get(key)) != drop_empty(props.get(key))
        ]
        if differs:
            raise ProviderError(
                f"adopt_id: workload {id_} differs from the program in {', '.join(differs)}, "
                "which cannot change in place; copy the live values into the program"
            )
        try:
            return outputs(self._settle(id_, props), props)
        except (WaitFailed, ApiError) as error:
            raise ProviderError(f"adopting {self.describe(id_)} failed: {error}") from error

    def _remove_after_failed_create(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.api.delete_workload(id_)
        except ApiError as error:
            progress.warn(f"{self._label(id_, props)}: could not delete after failure: {error}")

    def _label(self, id_: str, props: dict[str, Any]) -> str:
        return f"workload {props.get('name')!r} ({id_})"


def outputs(
    workload: models.Workload, props: dict[str, Any], *, observed: bool = False
) -> dict[str, Any]:
    """The state of a workload. On refresh (`observed`), desired_status mirrors reality, so a
    workload stopped or errored outside Pulumi shows as a diff and `up` starts it again."""
    desired = props.get("desired_status", "running")
    if observed:
        if workload.status in RUNNING_SIDE:
            desired = "running"
        elif workload.status in STOPPED_SIDE:
            desired = "stopped"
        elif workload.status == "errored":
            desired = "errored"
    details = workload.status_details.model_dump() if workload.status_details else None
    outs: dict[str, Any] = {
        "name": workload.name,
        "artifact_id": workload.artifact_id,
        "runtime": drop_empty(workload.runtime.model_dump()) if workload.runtime else None,
        "desired_status": desired,
        "status": workload.status,
        "status_details": details,
        "endpoint": workload.endpoint,
        "created_at": workload.created_at,
        "updated_at": workload.updated_at,
    }
    for key in PROVIDER_ONLY:
        outs[key] = props.get(key)
    return outs


def _registered_guard_failure(inputs: dict[str, Any]) -> str | None:
    """With require_registered_artifact, preview refuses a draft (or unverifiable) artifact."""
    if inputs.get("require_registered_artifact") is not True:
        return None
    status = inputs.get("artifact_status")
    artifact_id = inputs.get("artifact_id")
    which = f"artifact {artifact_id}" if isinstance(artifact_id, str) else "the artifact"
    if status == "registered" or is_unknown(status):
        return None
    if status is None:
        return (
            f"cannot tell whether {which} is registered, and this stack requires registered "
            "artifacts (require_registered_artifact=True): pass artifact= an Artifact or a "
            "get_artifact(...) result instead of a bare artifact_id"
        )
    return (
        f"{which} is {status}, and this stack requires registered artifacts "
        "(require_registered_artifact=True): register it (status='registered') in the stack "
        "that owns it, or promote a registered version"
    )


def _wire_runtime(runtime: dict[str, Any] | None) -> dict[str, Any]:
    from .client import models

    return models.Runtime.model_validate(runtime or {}).model_dump(by_alias=True, exclude_none=True)


def _timeout(props: dict[str, Any]) -> float:
    value = props.get("start_timeout_seconds")
    return float(value) if isinstance(value, int | float) else 900.0
