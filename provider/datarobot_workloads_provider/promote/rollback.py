"""The way back when a promoted version fails in the target: to what its state ran before.

The destination is read from the target's state before the promotion (`Situation`),
never from its config or outputs, which an interrupted run or a program's naming may
leave saying something else. Honesty is measured, not assumed:

- a target that ran a version gets it back by config and `up`; that version must then
  verify, and the target must run at least as many objects (running workloads, existing
  deployments of its state) as before the promotion, or the rollback failed;
- a target that ran nothing of this package loses exactly the resources this run added
  (`destroy --target`), never the rest of its stack;
- a target that ran something is never destroyed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..client.errors import NotFoundError
from .errors import PromoteError
from .stack_state import StackState, state_of
from .verify import Verification, Verifier, verify_stack

if TYPE_CHECKING:
    from ..client.api import WorkloadApi
    from .policy import Policy
    from .resolve import Binding, Release
    from .workspace import ProjectStack

Progress = Callable[[str], None]


class Rollback:
    """Returns one target to what it ran before a failed promotion."""

    def __init__(
        self,
        target: ProjectStack,
        binding: Binding,
        policy: Policy,
        verifier: Verifier,
        api: WorkloadApi,
        progress: Progress,
    ) -> None:
        self.target = target
        self.binding = binding
        self.policy = policy
        self.verifier = verifier
        self.api = api
        self.progress = progress

    def run(
        self,
        previous: Release | None,
        before: StackState,
        running_before: int,
        workload: str | None,
    ) -> Verification:
        """What passed, and why the rollback failed (None: it did not)."""
        if previous is None:
            return self._remove_added(before)
        target, binding = self.target, self.binding
        value = binding.value_for(previous)
        self.progress(f"rolling back: {target.name} to {binding.key}={value}")
        target.set_config(binding.key, value)
        try:
            target.up(self.progress)
        except PromoteError as error:
            return Verification([], f"`up` failed: {error}")
        verification = verify_stack(self.verifier, target, workload, previous, self.policy)
        if verification.failure is not None:
            return verification
        running = running_objects(self.api, state_of(target))
        if running < running_before:
            return Verification(
                verification.passed,
                f"{target.name} runs {running} object(s) after the rollback, "
                f"{running_before} before the promotion",
            )
        return verification

    def _remove_added(self, before: StackState) -> Verification:
        target, binding = self.target, self.binding
        had = {r.urn for r in before.resources}
        added = [r.urn for r in state_of(target).resources if r.urn not in had]
        self.progress(
            f"rolling back: {target.name} ran nothing of this package before; removing the "
            f"{len(added)} resource(s) this run added"
        )
        target.set_config(binding.key, binding.configured)
        try:
            if added:
                target.destroy(self.progress, added)
        except PromoteError as error:
            return Verification([], f"`destroy` of what this run added failed: {error}")
        return Verification([f"removed {len(added)} resource(s)"])


def running_objects(api: WorkloadApi, state: StackState) -> int:
    """The state's workloads the API shows running, and its deployments the API has."""
    count = 0
    for workload_id in state.ids("Workload"):
        try:
            count += api.get_workload(workload_id).status == "running"
        except NotFoundError:
            continue
    for deployment_id in state.ids("Deployment"):
        try:
            api.get_deployment(deployment_id)
        except NotFoundError:
            continue
        count += 1
    return count
