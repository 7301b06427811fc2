"""`datarobot-workloads promote`: the order of the steps, and what each outcome means.

    resolve -> gates -> preview -> confirm -> up -> verify -> (roll back) -> record

Nothing is written to the API before the confirmation: resolving, the gates and the
preview only read. The target's config is set to the new version for the preview and
restored when the run stops there (a dry run, a refusal, no confirmation), so the
committed config changes only with a promotion that happened. After a failed `up` or a
failed verification, the config is set back to the version the target's state last ran
and `up` runs again: config and state agree whichever way the run ends.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..client.errors import ApiError
from ..client.settings import ApiSettings
from . import record
from .errors import (
    EXIT_INTERRUPTED,
    EXIT_PROMOTED,
    EXIT_ROLLBACK_FAILED,
    EXIT_ROLLED_BACK,
    PromoteError,
    Refused,
)
from .gates import evaluate, observe
from .output import Output
from .policy import HISTORY, Policy
from .probe import HttpInvoker
from .recover import describe_pending, pending_operations, resolve_pending
from .resolve import Binding, Release, SourceRun, bind_target, primary_image, resolve_source
from .verify import Verifier
from .workspace import Change, ProjectStack

if TYPE_CHECKING:
    from ..client.api import WorkloadApi


def run(args: argparse.Namespace) -> int:
    """The sub-command; every way it ends is one exit status (see `arguments.EPILOG`)."""
    out = Output(as_json=args.json)
    try:
        return Promotion(args, out).run()
    except Refused as refused:
        return out.finish("refused", str(refused), refused.exit_status)
    except PromoteError as error:
        return out.finish("error", str(error), error.exit_status)
    except ApiError as error:
        return out.finish("error", f"API call failed: {error}", PromoteError.exit_status)
    except KeyboardInterrupt:
        return out.finish(
            "interrupted",
            "stopped before it finished; run promote again: it reports and resolves what "
            "this run left in the target",
            EXIT_INTERRUPTED,
        )


@dataclass(frozen=True)
class Situation:
    """What one run found: the source's release, how the target takes it, what it ran."""

    target: ProjectStack
    binding: Binding
    policy: Policy
    run: SourceRun
    history: list[record.Record]
    previous: str | None  # the binding's value for what the target's state last ran
    previous_version: int | None
    leftovers: bool  # an interrupted run left pending operations or a started record
    pending: bool
    notes: list[str]

    @property
    def value(self) -> str:
        return self.binding.value_for(self.run.release)

    def settled(self) -> bool:
        """The target already runs, and its config names, the source's release."""
        same = self.value == self.previous == self.binding.configured
        return same and not self.leftovers

    def started_record(self) -> record.Record:
        """This promotion's record, as it starts."""
        release = self.run.release
        return record.Record(
            at=record.now(),
            source=self.run.stack,
            target=self.target.name,
            artifact=release.name,
            version=release.version,
            artifact_id=release.artifact_id,
            previous_version=self.previous_version,
            result="started",
        )


class Promotion:
    """One run of the command."""

    def __init__(self, args: argparse.Namespace, out: Output) -> None:
        self.args = args
        self.out = out
        self.apis: list[WorkloadApi] = []
        self.invokers: list[HttpInvoker] = []
        # (API client, token) of each stack, once its config is read.
        self.source_connection: tuple[WorkloadApi, str]
        self.target_connection: tuple[WorkloadApi, str]

    def run(self) -> int:
        try:
            return self._run()
        finally:
            for api in self.apis:
                api.close()
            for invoker in self.invokers:
                invoker.close()

    def _run(self) -> int:
        args, out = self.args, self.out
        target = ProjectStack(args.cwd.resolve(), args.target)
        config = target.config()
        policy = Policy.from_config(config)
        history = record.parse(config.get(HISTORY))
        if args.history:
            return self._history(target.name, history)
        situation = self._situation(target, config, policy, history)
        release = situation.run.release
        if situation.settled():
            return out.finish("unchanged", f"{target.name} already runs {release.label()}", 0)
        self._gates(policy, situation.run)
        plan, go = self._preview_and_ask(situation)
        if args.dry_run:
            detail = f"the gates pass and {target.name}'s preview shows {len(plan)} change(s)"
            return out.finish("dry run", detail + "; nothing was changed", 0)
        if not go:
            raise Refused(
                "not confirmed: nothing was changed (without a terminal to ask on, pass --yes)"
            )
        history = [*situation.history, situation.started_record()]
        target.set_config(HISTORY, record.dump(history))
        try:
            return self._promote(situation, history)
        except (PromoteError, ApiError) as error:
            self._record(target, history, "failed", str(error))
            raise

    def _situation(
        self,
        target: ProjectStack,
        config: Mapping[str, str],
        policy: Policy,
        history: list[record.Record],
    ) -> Situation:
        """Everything the decision rests on, read from both stacks and the API (no write)."""
        source_name = self.args.source or policy.source
        if not source_name:
            raise PromoteError(
                f"no source stack: pass --from, or set promotion:source in {target.name}'s config"
            )
        if source_name == target.name:
            raise PromoteError(f"--from and --to both name {target.name}")
        self.out.set(source=source_name, target=target.name, dryRun=self.args.dry_run)
        binding = bind_target(target.name, target.project, config)
        source = ProjectStack(target.folder, source_name)
        source_api, source_token = self._api(source.name, source.config())
        target_api, target_token = self._api(target.name, config)
        self.source_connection = (source_api, source_token)
        self.target_connection = (target_api, target_token)

        self.out.progress(f"reading the outputs of {source.name} and {target.name}")
        source_outputs, target_outputs = source.outputs(), target.outputs()
        pending = pending_operations(target.export_state())
        history, interrupted = record.mark_interrupted(history)
        previous = binding.value_in(target_outputs)
        notes = self._leftovers(target.name, binding, previous, pending, interrupted)
        run = resolve_source(
            source.name,
            source_outputs,
            source_api,
            version=self.args.version,
            artifact_id=self.args.artifact_id,
        )
        self._check_names(binding, run.release)
        situation = Situation(
            target=target,
            binding=binding,
            policy=policy,
            run=run,
            history=history,
            previous=previous,
            previous_version=_int(target_outputs.get("artifactVersion")),
            leftovers=bool(pending or interrupted),
            pending=bool(pending),
            notes=notes,
        )
        release = run.release
        self.out.set(
            artifact=release.name,
            version=release.version,
            artifactId=release.artifact_id,
            image=release.image,
            previousVersion=situation.previous_version,
            configKey=binding.key,
            notes=notes,
        )
        self.out.say(
            f"{source.name} runs {release.label()} ({release.artifact_id}, {release.image})"
        )
        runs = f"{binding.key}={previous}" if previous else "nothing yet"
        self.out.say(f"{target.name} runs {runs}")
        return situation

    def _preview_and_ask(self, situation: Situation) -> tuple[list[Change], bool]:
        """The preview with the new version in the target's config, and the answer. The
        config is put back unless the answer is to go on (a dry run never goes on),
        Ctrl-C included."""
        target, binding = situation.target, situation.binding
        target.set_config(binding.key, situation.value)
        go = False
        try:
            plan = self._preview(target, binding, situation.value)
            go = not self.args.dry_run and self._confirmed(target.name, situation.run.release)
        finally:
            if not go:
                target.set_config(binding.key, binding.configured)
        return plan, go

    def _promote(self, situation: Situation, history: list[record.Record]) -> int:
        """After the confirmation: resolve leftovers, up, verify, roll back, record."""
        out, target = self.out, situation.target
        release, previous = situation.run.release, situation.previous_version
        target_api, target_token = self.target_connection
        if situation.pending:
            for note in resolve_pending(target, target_api, out.progress):
                out.say(f"resolved: {note}")
        verifier = Verifier(target_api, self._invoker(target_token), out.progress)
        failure = self._apply(target, release, situation.policy, verifier)
        for note in target.notes:
            out.say(f"note: {note}")
        out.set(notes=[*situation.notes, *target.notes])
        if failure is None:
            self._record(target, history, "promoted")
            return out.finish("promoted", f"{target.name} runs {release.label()}", EXIT_PROMOTED)

        out.say(f"verification failed: {failure}")
        rollback = self._roll_back(situation, target_api, verifier)
        if rollback is None:
            back = f"version {previous}" if situation.previous is not None else "nothing"
            detail = f"{failure}; rolled back: {target.name} runs {back} again"
            self._record(target, history, "rolled back", detail)
            return out.finish("rolled back", detail, EXIT_ROLLED_BACK)
        detail = f"{failure}; the rollback failed too: {rollback}"
        self._record(target, history, "rollback failed", detail)
        return out.finish("rollback failed", detail, EXIT_ROLLBACK_FAILED)

    # Steps -------------------------------------------------------------------------------
    def _history(self, target: str, history: list[record.Record]) -> int:
        self.out.set(target=target, history=[r.to_json() for r in history])
        for entry in history:
            self.out.say(entry.line())
        return self.out.finish("history", f"{len(history)} promotion(s) of {target}", 0)

    def _leftovers(
        self,
        target: str,
        binding: Binding,
        previous: str | None,
        pending: list[dict[str, Any]],
        interrupted: record.Record | None,
    ) -> list[str]:
        notes = []
        if pending:
            notes.append(
                f"{target}'s state holds {len(pending)} pending operation(s) of an "
                f"interrupted `up` ({describe_pending(pending)}): resolved once this "
                "promotion is confirmed"
            )
        if interrupted is not None:
            notes.append(f"the last promotion never finished: {interrupted.line()}")
        if previous is not None and previous != binding.configured:
            notes.append(
                f"{target}'s config says {binding.key}={binding.configured} but its state "
                f"last ran {previous}: an earlier run stopped between the two"
            )
        for note in notes:
            self.out.say(f"note: {note}")
        return notes

    def _check_names(self, binding: Binding, release: Release) -> None:
        if binding.artifact_name and binding.artifact_name != release.name:
            raise PromoteError(
                f"stack {binding.stack} runs artifact {binding.artifact_name!r}, the source "
                f"runs {release.name!r}: promotion moves versions of one artifact"
            )

    def _gates(self, policy: Policy, run: SourceRun) -> None:
        api, token = self.source_connection
        self.out.progress(f"checking the gates on {run.stack}")
        now = datetime.now(timezone.utc)
        results = evaluate(policy, run, observe(policy, run, api, self._invoker(token), now))
        self.out.set(
            gates=[{"gate": r.gate, "passed": r.passed, "detail": r.detail} for r in results]
        )
        self.out.say("gates:" if results else "gates: none set in the target's config")
        for result in results:
            self.out.say(f"  {result.line()}")
        failed = [r for r in results if not r.passed]
        if failed:
            raise Refused("; ".join(f"gate {r.gate}: {r.detail}" for r in failed))

    def _preview(self, target: ProjectStack, binding: Binding, value: str) -> list[Change]:
        self.out.progress(f"previewing {target.name} with {binding.key}={value}")
        plan = target.preview()
        self.out.set(plan=[c.to_json() for c in plan])
        self.out.say(
            f"preview of {target.name}:" if plan else f"preview of {target.name}: no changes"
        )
        for change in plan:
            self.out.say(f"  {change.line()}")
        return plan

    def _confirmed(self, target: str, release: Release) -> bool:
        if self.args.yes:
            return True
        if not sys.stdin.isatty():
            return False
        sys.stderr.write(f"Promote {release.label()} to {target}? [y/N] ")
        sys.stderr.flush()
        return sys.stdin.readline().strip().lower() in ("y", "yes")

    def _apply(
        self, target: ProjectStack, release: Release, policy: Policy, verifier: Verifier
    ) -> str | None:
        """`up` and verification; the reason the target is not fine, or None."""
        self.out.progress(f"applying: `up` of {target.name}")
        try:
            outputs = target.up(self.out.progress)
        except PromoteError as error:
            return f"`up` failed: {error}"
        self.out.progress(f"verifying {target.name} (up to {policy.verify_timeout_seconds} s)")
        verification = verifier.verify(target.name, outputs, release, policy)
        self.out.set(verification={"passed": verification.passed, "failure": verification.failure})
        for line in verification.passed:
            self.out.say(f"  verified: {line}")
        return verification.failure

    def _roll_back(self, situation: Situation, api: WorkloadApi, verifier: Verifier) -> str | None:
        """Back to what the target's state ran before; why that failed, or None."""
        target, binding, previous = situation.target, situation.binding, situation.previous
        policy = situation.policy
        if previous is None:
            self.out.progress(f"rolling back: {target.name} ran nothing before; `destroy`")
            target.set_config(binding.key, binding.configured)
            try:
                target.destroy(self.out.progress)
            except PromoteError as error:
                return f"`destroy` failed: {error}"
            self.out.set(rollback={"passed": ["destroyed"], "failure": None})
            return None
        self.out.progress(f"rolling back: {target.name} to {binding.key}={previous}")
        target.set_config(binding.key, previous)
        try:
            outputs = target.up(self.out.progress)
        except PromoteError as error:
            return f"`up` failed: {error}"
        artifact = api.get_artifact(str(outputs.get("artifactId")))
        release = Release(
            artifact.name, artifact.version or 0, artifact.id, primary_image(artifact)
        )
        verification = verifier.verify(target.name, outputs, release, policy)
        self.out.set(rollback={"passed": verification.passed, "failure": verification.failure})
        for line in verification.passed:
            self.out.say(f"  verified after rollback: {line}")
        return verification.failure

    def _record(
        self,
        target: ProjectStack,
        history: list[record.Record],
        result: record.Result,
        detail: str = "",
    ) -> None:
        finished = record.finish(history, result, detail)
        target.set_config(HISTORY, record.dump(finished))
        self.out.set(record=finished[-1].to_json())

    # Connections -------------------------------------------------------------------------
    def _api(self, stack: str, config: Mapping[str, str]) -> tuple[WorkloadApi, str]:
        settings = ApiSettings.resolve(config)
        if not settings.token:
            raise PromoteError(
                f"stack {stack}: no API token: set its secret config `datarobot:apikey` "
                "or DATAROBOT_API_TOKEN"
            )
        from ..client.api import WorkloadApi

        api = WorkloadApi(settings)
        self.apis.append(api)
        return api, settings.token

    def _invoker(self, token: str) -> HttpInvoker:
        invoker = HttpInvoker(token)
        self.invokers.append(invoker)
        return invoker


def _int(value: Any) -> int | None:
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None
