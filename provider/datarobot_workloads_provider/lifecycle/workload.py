"""Workload: runs an artifact with a runtime, through submitted -> initializing -> running.

The older API cannot change a workload, so name, artifact and runtime replace it; the
current one changes them in place: name, description and importance by PATCH, a new
artifact or runtime by a rolling replacement that keeps the workload's ID and invoke URL
(`rollout`). Start/stop and a restart onto a changed draft spec (`artifact_revision`) are
updates in place in both. Create waits for `running` and, if the workload errors or times
out, deletes it before failing: a failed create leaves nothing behind. Waits run side by
side and share their polls (see `waiting`). In the current dialect each container's
resources are the runtime's (`runtime.containers`, filled from the artifact's
`resource_request` at check: `contract.resources`), so they roll like any runtime change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import progress
from ..client.errors import ApiError, ConflictError, ServerError
from ..client.settings import OLDER
from ..contract.canonical import drop_empty
from ..contract.resources import requests_of, runtime_container_failures, sized_runtime
from ..contract.statuses import REPLACEMENT_DONE, REPLACEMENT_FAILED, STARTABLE
from ..definitions import WORKLOAD
from ..rollout import RolloutFailed, wait_for_replacement, wait_until_settled
from ..unknowns import UNKNOWN, contains_unknown, is_unknown
from ..waiting import WaitFailed, wait_for_status, wait_until_gone
from .core import Checked, Lifecycle, ProviderError

if TYPE_CHECKING:
    from ..client import models
    from ..client.api import WorkloadApi

# provisioning, launching: the current dialect's way to running.
RUNNING_SIDE = frozenset({"submitted", "initializing", "provisioning", "launching", "running"})
STOPPED_SIDE = frozenset({"stopping", "stopped"})
FROZEN = frozenset({"registered", "locked"})
# What a PATCH of a workload changes (current dialect).
_PATCHED = ("name", "description", "importance")
# How long the current dialect lets a workload of a draft artifact run after its start.
DRAFT_LIFETIME = "8 hours"
# How long a delete waits for the workload to be gone (the current API may take the
# DELETE first and stop the workload's protons after).
GONE_SECONDS = 600.0


class WorkloadLifecycle(Lifecycle["models.Workload"]):
    definition = WORKLOAD
    in_use = "a deployment still points at it"

    def normalize(self, checked: Checked) -> None:
        guard = _registered_guard_failure(checked.inputs)
        if guard is not None:
            checked.failures.append(("artifact_id", guard))
        if not self.current:
            for key in ("importance", "rollout_warmup_minutes", "rollout_keep_old_minutes"):
                if checked.inputs.get(key) is not None:
                    checked.failures.append(
                        (
                            key,
                            "only the current dialect of the Workload API has it "
                            "(datarobot:dialect current); in the older one a workload is "
                            "replaced, and importance belongs to its Deployment",
                        )
                    )
        runtime = checked.inputs.get("runtime")
        if isinstance(runtime, dict):
            checked.inputs["runtime"] = drop_empty(runtime)
        self._size_containers(checked)

    def _size_containers(self, checked: Checked) -> None:
        """Current dialect: each container's resources, from `runtime.containers` or else
        its artifact's `resource_request` (`contract.resources`). The older dialect sizes
        containers on the artifact only, so there `runtime.containers` is refused."""
        artifact = checked.inputs.get("artifact_resources")
        known = None if is_unknown(artifact) or contains_unknown(artifact) else artifact
        if known is not None:
            checked.inputs["artifact_resources"] = known = requests_of(known)
        runtime = checked.inputs.get("runtime")
        if not isinstance(runtime, dict):
            return
        if not self.current:
            if runtime.get("containers"):
                checked.failures.append(
                    (
                        "runtime.containers",
                        "the older dialect of the Workload API sizes containers on the "
                        "artifact: set spec.container_groups[].containers[].resource_request "
                        "there (or use datarobot:dialect current)",
                    )
                )
            return
        checked.failures.extend(runtime_container_failures(runtime, known))
        if known is None and artifact is not None:
            # Not known before its artifact is: the runtime may change, say so in the plan.
            checked.inputs["runtime"] = {**runtime, "containers": UNKNOWN}
        else:
            checked.inputs["runtime"] = sized_runtime(runtime, known)

    def comparable(self, key: str, value: Any) -> Any:
        # The server answers with every runtime field; absent and empty are the same.
        return drop_empty(value) if key == "runtime" else value

    def fetch(self, id_: str, api: WorkloadApi) -> models.Workload:
        return api.get_workload(id_)

    def create_object(self, props: dict[str, Any]) -> models.Workload:
        body: dict[str, Any] = {
            "name": props["name"],
            "artifactId": props["artifact_id"],
            "runtime": _wire_runtime(props.get("runtime")),
        }
        if self.current:
            body.update({k: props[k] for k in ("description", "importance") if props.get(k)})
        return self.api.create_workload(body)

    def after_create(self, live: models.Workload, props: dict[str, Any]) -> dict[str, Any]:
        progress.info(f"{self._label(live.id, props)}: created, waiting for it to start")
        self._warn_if_draft(live.id, props)
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
        except (WaitFailed, RolloutFailed) as error:
            raise ProviderError(str(error)) from error

    def adopt(self, id_: str, props: dict[str, Any]) -> dict[str, Any]:
        try:
            return super().adopt(id_, props)
        except (WaitFailed, RolloutFailed) as error:
            raise ProviderError(f"adopting {self.describe(id_)} failed: {error}") from error

    def remove(self, id_: str, api: WorkloadApi) -> None:
        """Deleted means gone: in the current dialect the delete waits until reading the
        workload answers 404, however the API answered the DELETE (`waiting`)."""
        said = api.delete_workload(id_)
        if api.dialect == OLDER:
            return
        if said:
            progress.info(f"workload {id_}: the API took its delete: {said}")
        try:
            wait_until_gone(api, id_, label=f"workload {id_}", timeout=GONE_SECONDS, said=said)
        except WaitFailed as error:
            raise ProviderError(f"deleting workload {id_} failed: {error}") from error

    def fail(self, action: str, id_: str, error: ApiError) -> ProviderError:
        """A delete answered with a server error (DataRobot answers 502 when it could
        not stop all of a workload): say that it may still run and stays in the stack."""
        failed = super().fail(action, id_, error)
        if action == "deleting" and isinstance(error, ServerError):
            return ProviderError(
                f"{failed}\n  the workload may still exist, in part; it stays in the stack, "
                "so the next `pulumi destroy` (or `up`) tries to delete it again"
            )
        return failed

    def refuse_adoption(self, id_: str, live: models.Workload, props: dict[str, Any]) -> None:
        if self.current:
            return  # every input changes in place there
        current = self.state(live, props)
        differs = [
            key
            for key in WORKLOAD.keys("replace", "replace_in_older")
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
        """Changes what changes in place (current dialect), restarts onto a changed draft
        spec when asked, then starts or stops it."""
        rolled = False
        if self.current:
            live, rolled = self._converge_in_place(id_, live, want)
        restart = (
            not rolled
            and olds is not None
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

    def _converge_in_place(
        self, id_: str, live: models.Workload, want: dict[str, Any]
    ) -> tuple[models.Workload, bool]:
        """Current dialect: PATCH name, description, importance; roll over onto a new
        artifact (with its runtime) or a new runtime alone, and wait until it is done.
        Whether it rolled: a rolled workload already runs the new spec."""
        label = self._label(id_, want)
        patch = {
            key: want.get(key)
            for key in _PATCHED
            if want.get(key) is not None and getattr(live, key) != want.get(key)
        }
        if patch:
            live = self.api.patch_workload(id_, patch)
        runtime = _wire_runtime(want.get("runtime"))
        declared = want.get("runtime")
        new_runtime = self.comparable(
            "runtime", self._live_runtime(live, declared)
        ) != self.comparable("runtime", want.get("runtime"))
        if live.artifact_id != want["artifact_id"]:
            progress.info(
                f"{label}: rolling over from artifact {live.artifact_id} to {want['artifact_id']}"
            )
            self._warn_if_draft(id_, want)
            started = self._roll_onto(id_, live, want, runtime if new_runtime else None)
        elif new_runtime:
            progress.info(f"{label}: rolling over onto the new runtime")
            started = self.api.resize_workload(id_, runtime)
        else:
            return live, False
        done = wait_for_replacement(
            self.api,
            id_,
            started,
            want["artifact_id"],
            lambda w: (
                not new_runtime
                or self.comparable("runtime", self._live_runtime(w, declared))
                == self.comparable("runtime", want.get("runtime"))
            ),
            label=label,
            timeout=_timeout(want),
        )
        return done, True

    def _roll_onto(
        self,
        id_: str,
        live: models.Workload,
        want: dict[str, Any],
        runtime: dict[str, Any] | None,
    ) -> models.Replacement:
        """POSTs the replacement onto the wanted artifact. DataRobot's clients disagree on
        a second replacement while one runs: queued (202, then waited for by its own
        record) or refused (409): then the running one is waited for and ours asked for
        again. A swap across draft and locked is refused saying what to do instead,
        whatever code the API refuses it with."""
        label = self._label(id_, want)

        def post() -> models.Replacement:
            return self.api.replace_workload(
                id_, want["artifact_id"], runtime=runtime, config=_rollout_config(want)
            )

        try:
            return post()
        except ConflictError as error:
            if not self._waited_for_another(id_, label, want):
                raise _swap_refused(label, want, error) from error
        except ApiError as error:
            if error.status_code in (400, 403, 422) and _crosses_statuses(live, want):
                raise _swap_refused(label, want, error) from error
            raise
        try:
            return post()
        except ConflictError as error:
            raise _swap_refused(label, want, error) from error

    def _waited_for_another(self, id_: str, label: str, want: dict[str, Any]) -> bool:
        """Whether a replacement was in progress (then it has ended now)."""
        active = self.api.get_workload(id_).replacement
        if active is None or active.status in REPLACEMENT_DONE | REPLACEMENT_FAILED:
            return False
        progress.info(f"{label}: waiting for the replacement in progress ({active.status})")
        wait_until_settled(self.api, id_, label=label, timeout=_timeout(want))
        return True

    def _live_runtime(self, live: models.Workload, declared: Any = None) -> dict[str, Any] | None:
        """The runtime the API reports, with the declared replica count where enabled
        autoscaling owns it: the current dialect takes none beside it and reports none,
        so without this every plan would show it changed back to the default and every
        rollout would wait for a count the API never reports."""
        runtime = live.runtime.model_dump() if live.runtime else None
        if runtime is None or live.dialect == OLDER or not isinstance(declared, dict):
            return runtime
        autoscaling = runtime.get("autoscaling")
        if isinstance(autoscaling, dict) and autoscaling.get("enabled"):
            runtime["replica_count"] = declared.get("replica_count", runtime.get("replica_count"))
        return runtime

    def _warn_if_draft(self, id_: str, props: dict[str, Any]) -> None:
        """The current dialect ends a workload of a draft artifact some hours after its
        start unless the artifact is locked: say so rather than let it vanish."""
        if self.current and props.get("artifact_status") == "draft":
            progress.warn(
                f"{self._label(id_, props)} runs a draft artifact: the API stops it "
                f"{DRAFT_LIFETIME} after its last start unless the artifact is locked "
                "(status='locked')"
            )

    def state(
        self, live: models.Workload, props: dict[str, Any], *, observed: bool = False
    ) -> dict[str, Any]:
        """The current dialect keeps a workload's importance and description on the
        workload: refresh reports what it holds where the program sets them, so a change
        made outside Pulumi shows as a diff and the next `up` PATCHes it back."""
        out = super().state(live, props, observed=observed)
        if observed and live.dialect != OLDER:
            for key in ("importance", "description"):
                if props.get(key) is not None:
                    out[key] = getattr(live, key)
        return out

    def live_values(
        self, live: models.Workload, props: dict[str, Any], observed: bool
    ) -> dict[str, Any]:
        """On refresh (`observed`), desired_status mirrors reality, so a workload stopped
        or errored outside Pulumi, or terminated by the API's time limit (shown as
        stopped), shows as a diff and `up` starts it again."""
        desired = props.get("desired_status", WORKLOAD.default("desired_status"))
        if observed:
            if live.status in RUNNING_SIDE:
                desired = "running"
            elif live.status in STOPPED_SIDE:
                desired = "stopped"
            elif live.status == "errored":
                desired = "errored"
            elif live.status == "terminated":
                desired = "stopped"
        return {
            **live.model_dump(),
            "runtime": drop_empty(self._live_runtime(live, props.get("runtime"))),
            "desired_status": desired,
            # The current dialect's endpoint is the invoke URL itself.
            "invoke_url": live.endpoint if live.dialect != OLDER else None,
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
        if workload.status in STARTABLE:
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


def _crosses_statuses(live: models.Workload, want: dict[str, Any]) -> bool:
    """Whether the workload's artifact and the wanted one are a draft and a locked one
    (when both are known)."""
    running = live.artifact.status if live.artifact is not None else None
    wanted = want.get("artifact_status")
    if not isinstance(running, str) or not isinstance(wanted, str):
        return False
    return (running in FROZEN) != (wanted in FROZEN)


def _swap_refused(label: str, want: dict[str, Any], error: ApiError) -> ProviderError:
    return ProviderError(
        f"{label}: the API cannot roll it over onto artifact "
        f"{want['artifact_id']}: {error.message} (a rolling replacement swaps a "
        "draft for a draft or a locked artifact for a locked one; lock the "
        "running draft in place first, or replace the workload with "
        "`pulumi up --replace <its URN>`, which gives it a new ID and invoke URL)"
    )


def _registered_guard_failure(inputs: dict[str, Any]) -> str | None:
    """With require_registered_artifact, preview refuses a draft (or unverifiable) artifact."""
    if inputs.get("require_registered_artifact") is not True:
        return None
    status = inputs.get("artifact_status")
    artifact_id = inputs.get("artifact_id")
    which = f"artifact {artifact_id}" if isinstance(artifact_id, str) else "the artifact"
    if status in FROZEN or is_unknown(status):
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


def _rollout_config(props: dict[str, Any]) -> dict[str, Any]:
    """The replacement's timing from the optional inputs; the API's defaults otherwise.
    Sent as given: whole minutes are ints already (the front doors' `engine_numbers`)."""
    config: dict[str, Any] = {}
    for key, wire in (
        ("rollout_warmup_minutes", "warmupDurationMinutes"),
        ("rollout_keep_old_minutes", "keepOldVersionMinutes"),
    ):
        value = props.get(key)
        if isinstance(value, int | float):
            config[wire] = value
    return config
