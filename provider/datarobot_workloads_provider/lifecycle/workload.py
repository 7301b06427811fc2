"""Workload: runs an artifact with a runtime, through submitted -> initializing -> running.

The API cannot change a workload, so name, artifact and runtime replace it; start/stop and
a restart onto a changed draft spec (`artifact_revision`) are updates in place. Create
waits for `running` and, if the workload errors or times out, deletes it before failing:
a failed create leaves nothing behind. Waits run side by side and share their polls (see
`waiting`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import progress
from ..client.errors import ApiError
from ..contract.canonical import drop_empty
from ..definitions import WORKLOAD
from ..unknowns import is_unknown
from ..waiting import WaitFailed, wait_for_status
from .core import Checked, Lifecycle, ProviderError

if TYPE_CHECKING:
    from ..client import models

RUNNING_SIDE = frozenset({"submitted", "initializing", "running"})
STOPPED_SIDE = frozenset({"stopping", "stopped"})


class WorkloadLifecycle(Lifecycle["models.Workload"]):
    definition = WORKLOAD
    in_use = "a deployment still points at it"

    def normalize(self, checked: Checked) -> None:
        guard = _registered_guard_failure(checked.inputs)
        if guard is not None:
            checked.failures.append(("artifact_id", guard))
        runtime = checked.inputs.get("runtime")
        if isinstance(runtime, dict):
            checked.inputs["runtime"] = drop_empty(runtime)

    def comparable(self, key: str, value: Any) -> Any:
        # The server answers with every runtime field; absent and empty are the same.
        return drop_empty(value) if key == "runtime" else value

    def fetch(self, id_: str) -> models.Workload:
        return self.api.get_workload(id_)

    def create_object(self, props: dict[str, Any]) -> models.Workload:
        body = {
            "name": props["name"],
            "artifactId": props["artifact_id"],
            "runtime": _wire_runtime(props.get("runtime")),
        }
        return self.api.create_workload(body)

    def after_create(self, live: models.Workload, props: dict[str, Any]) -> dict[str, Any]:
        progress.info(f"{self._label(live.id, props)}: created, waiting for it to start")
        try:
            workload = self._settle(live.id, props, live)
        except (WaitFailed, ApiError) as error:
            self._remove_after_failed_create(live.id, props)
            raise ProviderError(
                f"{error}\n  the workload was deleted, so nothing is left behind; "
                "fix the cause and run `pulumi up` again"
            ) from error
        return self.state(workload, props)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        try:
            return super().update(id_, olds, news)
        except WaitFailed as error:
            raise ProviderError(str(error)) from error

    def adopt(self, id_: str, props: dict[str, Any]) -> dict[str, Any]:
        try:
            return super().adopt(id_, props)
        except WaitFailed as error:
            raise ProviderError(f"adopting {self.describe(id_)} failed: {error}") from error

    def remove(self, id_: str) -> None:
        self.api.delete_workload(id_)

    def refuse_adoption(self, id_: str, live: models.Workload, props: dict[str, Any]) -> None:
        current = self.state(live, props)
        differs = [
            key
            for key in WORKLOAD.keys("replace")
            if drop_empty(current.get(key)) != drop_empty(props.get(key))
        ]
        if differs:
            raise ProviderError(
                f"adopt_id: workload {id_} differs from the program in {', '.join(differs)}, "
                "which cannot change in place; copy the live values into the program"
            )

    def converge(
        self,
        id_: str,
        live: models.Workload,
        want: dict[str, Any],
        olds: dict[str, Any] | None,
    ) -> models.Workload:
        """Restarts onto a changed draft spec when asked, then starts or stops it."""
        restart = (
            olds is not None
            and olds.get("artifact_revision") != want.get("artifact_revision")
            and want.get("desired_status") == "running"
            and live.status in RUNNING_SIDE
        )
        if restart:
            label = self._label(id_, want)
            progress.info(f"{label}: restarting onto the changed artifact spec")
            self.api.stop_workload(id_)
            wait_for_status(self.api, id_, "stopped", label=label, timeout=_timeout(want))
        return self._settle(id_, want)

    def live_values(
        self, live: models.Workload, props: dict[str, Any], observed: bool
    ) -> dict[str, Any]:
        """On refresh (`observed`), desired_status mirrors reality, so a workload stopped
        or errored outside Pulumi shows as a diff and `up` starts it again."""
        desired = props.get("desired_status", WORKLOAD.default("desired_status"))
        if observed:
            if live.status in RUNNING_SIDE:
                desired = "running"
            elif live.status in STOPPED_SIDE:
                desired = "stopped"
            elif live.status == "errored":
                desired = "errored"
        return {
            **live.model_dump(),
            "runtime": drop_empty(live.runtime.model_dump()) if live.runtime else None,
            "desired_status": desired,
        }

    def _settle(
        self, id_: str, props: dict[str, Any], live: models.Workload | None = None
    ) -> models.Workload:
        """Starts or stops the workload as `desired_status` says and waits until it is so.
        `live` is its state as the API just answered it (a create); else it is read."""
        label = self._label(id_, props)
        timeout = _timeout(props)
        workload = live if live is not None else self.api.get_workload(id_)
        if props.get("desired_status", WORKLOAD.default("desired_status")) == "stopped":
            if workload.status == "stopped":
                return workload
            if workload.status not in STOPPED_SIDE:
                workload = self.api.stop_workload(id_)
            return wait_for_status(self.api, id_, "stopped", label=label, timeout=timeout)
        if workload.status == "running":
            return workload
        if workload.status in ("stopped", "errored"):
            workload = self.api.start_workload(id_)
        elif workload.status == "stopping":
            wait_for_status(self.api, id_, "stopped", label=label, timeout=timeout)
            workload = self.api.start_workload(id_)
        return wait_for_status(self.api, id_, "running", label=label, timeout=timeout)

    def _remove_after_failed_create(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.api.delete_workload(id_)
        except ApiError as error:
            progress.warn(f"{self._label(id_, props)}: could not delete after failure: {error}")

    def _label(self, id_: str, props: dict[str, Any]) -> str:
        return f"workload {props.get('name')!r} ({id_})"


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
    from ..client import models

    return models.Runtime.model_validate(runtime or {}).model_dump(by_alias=True, exclude_none=True)


def _timeout(props: dict[str, Any]) -> float:
    value = props.get("start_timeout_seconds")
    if isinstance(value, int | float):
        return float(value)
    default: float = WORKLOAD.default("start_timeout_seconds")
    return default
