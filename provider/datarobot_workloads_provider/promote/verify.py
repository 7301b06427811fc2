"""Verification of the TARGET after `up`: does it really serve the promoted version?

An `up` that succeeded only says the API accepted the objects. Within
`promotion:verifyTimeoutSeconds` the target must show, in this order:
1. its deployment fronts a workload that runs the promoted artifact and is running;
2. `promotion:healthPath`, when set, answers 2xx through its invoke URL (retried until
   the deadline: a new workload may take a moment); without it, `/` must answer
   anything but a 5xx (the deployment reaches the app);
3. `promotion:versionPath`, when set, answers JSON whose `imageUri` is the promoted
   image (the local server's simulated runtime, and the example's app, answer so);
4. its deployment's stats show no server error beyond the failed answers step 2 itself
   saw while waiting: errors of real traffic, or of the version check, fail it.
The first step that fails ends verification with a message naming it. The deployment
and its invoke URL come from the target's state after `up`, whatever the program exports.
In the current dialect of the API there is no deployment: step 1 reads the workload the
state names, steps 2 and 3 go through its own invoke URL, and step 4 has no stats to read.

Waiting is quiet: one progress line when a wait starts and one each time the answer
changes, not one per poll, so a CI log stays readable through a long start.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..client.errors import ApiError
from .errors import PromoteError
from .policy import HEALTH_PATH, VERSION_PATH, Policy
from .probe import Answer, Invoker, server_errors
from .stack_state import state_of

if TYPE_CHECKING:
    from ..client.api import WorkloadApi
    from .resolve import Release
    from .workspace import ProjectStack

Progress = Callable[[str], None]
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Verification:
    """How verification ended: `failure` is None when every check passed."""

    passed: list[str]
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "failure": self.failure}


class Verifier:
    def __init__(
        self,
        api: WorkloadApi,
        invoker: Invoker,
        progress: Progress,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.invoker = invoker
        self.progress = progress
        self.clock = clock
        self.sleep = sleep
        self._said = ""

    def verify(
        self,
        stack: str,
        deployment_id: str | None,
        invoke_url: str | None,
        release: Release,
        policy: Policy,
        *,
        workload_id: str | None = None,
    ) -> Verification:
        """`workload_id` alone (no deployment) is the current dialect's chain: the
        workload serves at `invoke_url` itself."""
        deadline = self.clock() + policy.verify_timeout_seconds
        passed: list[str] = []
        self._said = ""
        if not invoke_url or not (deployment_id or workload_id):
            missing = f"{stack}'s state holds no Deployment (with an invoke URL) in front of it"
            if workload_id and not deployment_id:
                missing += f", and workload {workload_id} has no invoke URL of its own"
            return Verification(passed, missing)
        try:
            if deployment_id:
                workload_id = self.api.get_deployment(str(deployment_id)).workload_id
            assert workload_id is not None
            failure = self._runs_release(stack, workload_id, release, deadline, policy)
            if failure:
                return Verification(passed, failure)
            serving = "deployment" if deployment_id else "workload"
            passed.append(f"{stack}'s {serving} runs {release.label()}")
            baseline = server_errors(self.api, str(deployment_id)) if deployment_id else 0
            strict = policy.health_path is not None
            path, wanted = policy.health_path or "/", "2xx" if strict else "no 5xx"
            answer, seen_failing = self._answers(str(invoke_url), path, strict, deadline)
            if not _acceptable(answer, strict=strict):
                waited = policy.verify_timeout_seconds
                check = f"{HEALTH_PATH}: " if policy.health_path else ""
                return Verification(
                    passed,
                    f"{check}GET {answer.url} {answer.failure()} in {stack} "
                    f"(for {waited} s), expected {wanted}",
                )
            passed.append(f"GET {answer.url} answered {answer.status}")
            if policy.version_path is not None:
                answer = self.invoker.get(str(invoke_url), policy.version_path)
                failure = _serves(answer, release)
                if failure:
                    return Verification(passed, f"{VERSION_PATH}: {failure} in {stack}")
                passed.append(f"GET {answer.url} serves {release.image}")
            if not deployment_id:
                return Verification(passed)
            errors = server_errors(self.api, str(deployment_id)) - baseline - seen_failing
            if errors > 0:
                return Verification(
                    passed,
                    f"{stack}'s deployment stats show {errors} new server errors during "
                    "verification, expected none",
                )
            passed.append(f"{stack}'s deployment stats show no new server errors")
        except ApiError as error:
            return Verification(passed, f"reading {stack}'s objects failed: {error}")
        return Verification(passed)

    def _runs_release(
        self, stack: str, workload_id: str, release: Release, deadline: float, policy: Policy
    ) -> str | None:
        while True:
            workload = self.api.get_workload(workload_id)
            if workload.artifact_id != release.artifact_id:
                return (
                    f"{stack}'s workload {workload.id} runs artifact {workload.artifact_id}, "
                    f"not {release.label()} ({release.artifact_id})"
                )
            if workload.status == "running":
                return None
            if workload.status in ("errored", "stopped", "stopping"):
                detail = workload.status_details.message if workload.status_details else ""
                return f"{stack}'s workload {workload.id} is {workload.status}" + (
                    f": {detail}" if detail else ""
                )
            if self.clock() >= deadline:
                return (
                    f"{stack}'s workload {workload.id} is still {workload.status} after "
                    f"{policy.verify_timeout_seconds} s"
                )
            self._waiting(f"{stack}: waiting for workload {workload.id} ({workload.status})")
            self.sleep(POLL_SECONDS)

    def _answers(
        self, invoke_url: str, path: str, strict: bool, deadline: float
    ) -> tuple[Answer, int]:
        """The first acceptable answer, or the last one at the deadline; and how many 5xx
        answers reached the deployment meanwhile (those count in its stats)."""
        failing = 0
        while True:
            answer = self.invoker.get(invoke_url, path)
            if _acceptable(answer, strict=strict):
                return answer, failing
            if answer.status is not None and answer.status >= 500:
                failing += 1
            if self.clock() >= deadline:
                return answer, failing
            self._waiting(f"waiting for GET {answer.url}: it {answer.failure()}")
            self.sleep(POLL_SECONDS)

    def _waiting(self, line: str) -> None:
        """A progress line, unless it says what the last one said."""
        if line != self._said:
            self._said = line
            self.progress(line)


def verify_stack(
    verifier: Verifier, stack: ProjectStack, workload: str | None, release: Release, policy: Policy
) -> Verification:
    """Verification of what the stack's state now runs in its Workload (`workload`, or
    its only one)."""
    try:
        chain = state_of(stack).choose(workload)
    except PromoteError as error:
        return Verification([], str(error))
    if chain is None:
        return Verification([], f"{stack.name}'s state holds no Workload after `up`")
    return verifier.verify(
        stack.name,
        chain.deployment_id,
        chain.invoke_url,
        release,
        policy,
        workload_id=chain.workload_id,
    )


def _acceptable(answer: Answer, *, strict: bool) -> bool:
    """2xx for a health path; any answer but a 5xx (or none) for a bare `/`."""
    if strict:
        return answer.ok
    return answer.status is not None and answer.status < 500


def _serves(answer: Answer, release: Release) -> str | None:
    """Why the answer does not show the promoted image, or None when it does."""
    if not answer.ok:
        return f"GET {answer.url} {answer.failure()}, expected 2xx"
    body = answer.json()
    served = body.get("imageUri") if isinstance(body, dict) else None
    if served is None:
        return f"GET {answer.url} answered no JSON imageUri to compare with {release.image}"
    if served != release.image:
        return f"GET {answer.url} serves {served}, not {release.image} ({release.label()})"
    return None
