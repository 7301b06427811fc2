"""`datarobot-workloads promote`: the order of the steps, and what each outcome means.

    resolve -> gates -> preview -> confirm -> up -> verify -> (roll back) -> record

Nothing is written to the API before the confirmation: resolving, the gates and the
preview only read. The target's config is set to the new version for the preview and
restored when the run stops there (a dry run, a refusal, no confirmation), so the
committed config changes only with a promotion that happened (and the history, which
records every run, marked with how it ended). After a failed `up` or a failed
verification, the config is set back to the version the target's state ran before and
`up` runs again: config and state agree whichever way the run ends. A target that ran
something is never destroyed; one that ran nothing loses only what this run added.

Both stacks speak one dialect of the API (`datarobot:dialect`): in the older one a
promotion replaces the target's workload and the deployment in front of it; in the
current one it rolls the target's workload over in place, so its invoke URL stays.

Two runs of the same target (two CI runners, two people) meet at the backend's lock: the
one whose `up` finds the state locked, or changed since it read it, stops before its
first API write and says which lock and what to do (`Locked`).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..client.dialects import open_api
from ..client.errors import ApiError
from ..client.settings import (
    DIALECT_CONFIG_KEY,
    ENDPOINT_CONFIG_KEY,
    TOKEN_CONFIG_KEY,
    TRACE_CONFIG_KEY,
    ApiSettings,
    DialectError,
)
from ..package_name import PACKAGE
from . import record
from .errors import (
    EXIT_INTERRUPTED,
    EXIT_PROMOTED,
    EXIT_ROLLBACK_FAILED,
    EXIT_ROLLED_BACK,
    Locked,
    NeedsConfirmation,
    PromoteError,
    Refused,
)
from .gates import evaluate, observe
from .output import Output
from .policy import HISTORY, Policy
from .probe import HttpInvoker
from .recover import describe_pending, resolve_pending
from .resolve import (
    Binding,
    Release,
    SourceRun,
    bind_target,
    check_identity,
    resolve_source,
    resolve_target,
)
from .rollback import Rollback, running_objects
from .stack_state import Chain, StackState, state_of
from .verify import Verifier, verify_stack
from .workspace import Change, ProjectStack

if TYPE_CHECKING:
    from ..client.api import WorkloadApi

# How often `up` is tried when the target's lock is taken and its state is unchanged.
LOCK_TRIES = 3


def run(args: argparse.Namespace) -> int:
    """The sub-command; every way it ends is one exit status (see `arguments.EPILOG`)."""
    out = Output(as_json=args.json)
    promotion = Promotion(args, out)
    try:
        return promotion.run()
    except (Refused, Locked) as stopped:
        promotion.record_stop(stopped.result, str(stopped))  # type: ignore[arg-type]
        return out.finish(stopped.result, str(stopped), stopped.exit_status)
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
    """What one run found: the source's release, how the target takes it, and what the
    target's state ran before this run (the rollback's destination)."""

    target: ProjectStack
    binding: Binding
    policy: Policy
    run: SourceRun
    history: list[record.Record]
    before: StackState  # the target's state as this run read it
    chain: Chain | None  # the target's workload in that state (None: it runs nothing)
    previous: Release | None  # what that workload runs
    running_before: int  # the target's objects the API shows running or serving
    leftovers: bool  # an interrupted run left pending operations or a started record
    notes: list[str]
    requested_workload: str | None = None  # --workload

    @property
    def value(self) -> str:
        return self.binding.value_for(self.run.release)

    @property
    def previous_value(self) -> str | None:
        return None if self.previous is None else self.binding.value_for(self.previous)

    @property
    def workload(self) -> str | None:
        """The target's Workload (resource name); None: whichever one it holds."""
        return self.chain.workload if self.chain is not None else self.requested_workload

    def settled(self) -> bool:
        """The target already runs, and its config names, the source's release."""
        same = self.value == self.previous_value == self.binding.configured
        return same and not self.leftovers

    def record(self, result: record.Result, detail: str = "") -> record.Record:
        release = self.run.release
        return record.Record(
            at=record.now(),
            source=self.run.stack,
            target=self.target.name,
            artifact=release.name,
            version=release.version,
            artifact_id=release.artifact_id,
            previous_version=None if self.previous is None else self.previous.version,
            result=result,
            detail=record.short(detail),
        )


def shared_config(config: Mapping[str, str]) -> dict[str, str]:
    """A stack's connection config under the shared keys (`datarobot:endpoint`, ...),
    which the Python resources read. A YAML or TypeScript program may set the plugin's
    own keys instead (`datarobot-workloads:endpoint`, ...); as for the plugin, those win."""
    merged = dict(config)
    for shared in (ENDPOINT_CONFIG_KEY, TOKEN_CONFIG_KEY, TRACE_CONFIG_KEY, DIALECT_CONFIG_KEY):
        own = config.get(f"{PACKAGE}:{shared.split(':', 1)[1]}")
        if own:
            merged[shared] = own
    return merged


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
        # Known as the run goes on; what a run that stops early can record.
        self.target: ProjectStack | None = None
        self.history: list[record.Record] = []
        self.situation: Situation | None = None
        self.source_name: str | None = None
        # The target's state as this run last read or wrote it.
        self.fingerprint = ""

    def record_stop(self, result: record.Result, detail: str) -> None:
        """Records a run that stopped without changing anything in the API (a refusal, a
        missing confirmation, a lock), once the target is known. Best effort: the stop
        itself is what the caller reports."""
        target = self.target
        if target is None or self.args.history:
            return
        if self.situation is not None:
            entry = self.situation.record(result, detail)
        else:
            entry = record.Record(
                at=record.now(),
                source=self.source_name or "?",
                target=target.name,
                artifact=None,
                version=None,
                artifact_id=None,
                previous_version=None,
                result=result,
                detail=record.short(detail),
            )
        history = [*self.history, entry]
        try:
            target.set_config(HISTORY, record.dump(history))
        except PromoteError:
            return
        self.out.set(record=entry.to_json())

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
        self.target, self.history = target, history
        situation = self._situation(target, config, policy, history)
        self.situation, self.history = situation, situation.history
        release = situation.run.release
        if situation.settled():
            return out.finish("unchanged", f"{target.name} already runs {release.label()}", 0)
        self._gates(policy, situation.run)
        plan, go = self._preview_and_ask(situation)
        if args.dry_run:
            detail = f"the gates pass and {target.name}'s preview shows {len(plan)} change(s)"
            detail += "; nothing was changed"
            self.record_stop("dry run", detail)
            return out.finish("dry run", detail, 0)
        if not go and sys.stdin.isatty():
            raise Refused("not confirmed at the prompt: nothing was changed")
        if not go:
            raise NeedsConfirmation(
                "nothing was changed: there is no terminal to ask on; pass --yes to go on"
            )
        history = [*situation.history, situation.record("started")]
        target.set_config(HISTORY, record.dump(history))
        try:
            return self._promote(situation, history)
        except Locked as locked:
            # Stopped before the engine wrote anything: the config goes back with it.
            target.set_config(situation.binding.key, situation.binding.configured)
            self._record(target, history, "locked", str(locked))
            self.target = None  # recorded already
            return out.finish(locked.result, str(locked), locked.exit_status)
        except (PromoteError, ApiError) as error:
            self._record(target, history, "failed", str(error))
            self.target = None
            raise

    def _situation(
        self,
        target: ProjectStack,
        config: Mapping[str, str],
        policy: Policy,
        history: list[record.Record],
    ) -> Situation:
        """Everything the decision rests on, read from both states and the API (no write)."""
        source_name = self.args.source or policy.source
        if not source_name:
            raise PromoteError(
                f"no source stack: pass --from, or set promotion:source in {target.name}'s config"
            )
        if source_name == target.name:
            raise PromoteError(f"--from and --to both name {target.name}")
        self.source_name = source_name
        self.out.set(source=source_name, target=target.name, dryRun=self.args.dry_run)
        binding = bind_target(target.name, target.project, config)
        self.out.set(configKey=binding.key)
        source = ProjectStack(target.folder, source_name)
        source_api, source_token = self._api(source.name, source.config())
        target_api, target_token = self._api(target.name, config)
        self.out.set(dialect=target_api.dialect)
        if source_api.dialect != target_api.dialect:
            raise Refused(
                f"{source.name} speaks the {source_api.dialect} dialect of the API and "
                f"{target.name} the {target_api.dialect} one (datarobot:dialect): their "
                "artifacts and versions are not the same objects, so a version cannot move "
                "between them; configure both stacks with one dialect"
            )
        self.source_connection = (source_api, source_token)
        self.target_connection = (target_api, target_token)

        self.out.progress(f"reading the states of {source.name} and {target.name}")
        source_state = state_of(source)
        before = state_of(target)
        history, interrupted = record.mark_interrupted(history)
        run = resolve_source(
            source.name,
            source_state.choose(self.args.workload),
            source_api,
            version=self.args.version,
            artifact_id=self.args.artifact_id,
        )
        release = run.release
        self.out.set(
            workload=run.workload,
            artifact=release.name,
            version=release.version,
            artifactId=release.artifact_id,
            image=release.image,
        )
        chain = before.choose(self.args.workload)
        previous = resolve_target(target.name, chain, target_api, binding)
        if previous is not None:
            self.out.set(previousVersion=previous.version, previousArtifactId=previous.artifact_id)
        check_identity(target.name, binding, previous, release)
        notes = self._leftovers(target.name, binding, previous, before, interrupted)
        situation = Situation(
            target=target,
            binding=binding,
            policy=policy,
            run=run,
            history=history,
            before=before,
            chain=chain,
            previous=previous,
            running_before=running_objects(target_api, before),
            leftovers=bool(before.pending or interrupted),
            notes=notes,
            requested_workload=self.args.workload,
        )
        self.fingerprint = before.fingerprint
        self.out.set(workload=situation.workload or run.workload, notes=notes)
        self.out.say(
            f"{source.name} runs {release.label()} ({release.artifact_id}, {release.image})"
        )
        if previous is None or chain is None:
            self.out.say(f"{target.name} runs nothing of this package yet")
        else:
            self.out.say(
                f"{target.name} runs {previous.label()} ({previous.artifact_id}) in workload "
                f"{chain.workload}; its config says {binding.key}={binding.configured}"
            )
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
        release = situation.run.release
        target_api, target_token = self.target_connection
        self._unchanged_since_read(situation)
        if situation.before.pending:
            for note in resolve_pending(target, target_api, out.progress):
                out.say(f"resolved: {note}")
            self.fingerprint = state_of(target).fingerprint
        verifier = Verifier(target_api, self._invoker(target_token), out.progress)
        failure = self._apply(situation, release, verifier)
        for note in target.notes:
            out.say(f"note: {note}")
        out.set(notes=[*situation.notes, *target.notes])
        if failure is None:
            self._record(target, history, "promoted")
            return out.finish("promoted", f"{target.name} runs {release.label()}", EXIT_PROMOTED)

        out.say(f"{target.name} failed: {failure}")
        back_to = Rollback(
            target, situation.binding, situation.policy, verifier, target_api, out.progress
        )
        undone = back_to.run(
            situation.previous, situation.before, situation.running_before, situation.workload
        )
        for line in undone.passed:
            out.say(f"  verified after rollback: {line}")
        out.set(rollback=undone.to_json())
        rollback = undone.failure
        previous = situation.previous
        back = "nothing of this package" if previous is None else previous.label()
        if rollback is None:
            detail = f"{target.name} runs {back} again; {release.label()} failed there: {failure}"
            self._record(target, history, "rolled back", detail)
            return out.finish("rolled back", detail, EXIT_ROLLED_BACK)
        detail = (
            f"{target.name} was to run {back} again, but {rollback}; look at "
            f"{target.name} now. {release.label()} had failed there: {failure}"
        )
        self._record(target, history, "rollback failed", detail)
        return out.finish("rollback failed", detail, EXIT_ROLLBACK_FAILED)

    def _unchanged_since_read(self, situation: Situation) -> None:
        """Another run may have changed the target while this one checked gates and
        previewed: its decision would rest on a state that is gone."""
        now = state_of(situation.target)
        if now.fingerprint != self.fingerprint:
            raise Locked(
                f"{situation.target.name}'s state changed while this run was checking it "
                "(another promote or `pulumi up` of it ran meanwhile): nothing was changed "
                "by this run; promote again to decide on what it runs now"
            )

    # Steps -------------------------------------------------------------------------------
    def _history(self, target: str, history: list[record.Record]) -> int:
        self.out.set(target=target, history=[r.to_json() for r in history])
        for entry in history:
            self.out.say(entry.line())
        return self.out.finish("history", f"{len(history)} record(s) of {target}'s promotions", 0)

    def _leftovers(
        self,
        target: str,
        binding: Binding,
        previous: Release | None,
        state: StackState,
        interrupted: record.Record | None,
    ) -> list[str]:
        notes = []
        pending = state.pending
        if pending:
            notes.append(
                f"{target}'s state holds {len(pending)} pending operation(s) of an "
                f"interrupted `up` ({describe_pending(pending)}): resolved once this "
                "promotion is confirmed"
            )
        if interrupted is not None:
            notes.append(f"the last promotion never finished: {interrupted.line()}")
        ran = None if previous is None else binding.value_for(previous)
        if ran is not None and ran != binding.configured:
            notes.append(
                f"{target}'s config says {binding.key}={binding.configured} but its state "
                f"last ran {ran}: an earlier run stopped between the two"
            )
        for note in notes:
            self.out.say(f"note: {note}")
        return notes

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

    def _apply(self, situation: Situation, release: Release, verifier: Verifier) -> str | None:
        """`up` and verification; the reason the target is not fine, or None."""
        target, policy = situation.target, situation.policy
        self.out.progress(f"applying: `up` of {target.name}")
        try:
            self._up(situation)
        except Locked:
            raise
        except PromoteError as error:
            return f"`up` failed: {error}"
        self.out.progress(f"verifying {target.name} (up to {policy.verify_timeout_seconds} s)")
        verification = verify_stack(verifier, target, situation.workload, release, situation.policy)
        self.out.set(verification=verification.to_json())
        for line in verification.passed:
            self.out.say(f"  verified: {line}")
        return verification.failure

    def _up(self, situation: Situation) -> None:
        """`up`, tried again after a short random pause when the lock was taken: two runs
        that lock at the same instant both see the other's lock, and one of them must
        still go on. Each new try needs the state as this run read it: a state that
        changed meanwhile was another run's, and the lock it met says whose."""
        target = situation.target
        for attempt in range(LOCK_TRIES):
            try:
                target.up(self.out.progress)
                return
            except Locked:
                if attempt == LOCK_TRIES - 1:
                    raise
                time.sleep(random.uniform(1.0, 3.0))
                if state_of(target).fingerprint != self.fingerprint:
                    raise

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
        try:
            settings = ApiSettings.resolve(shared_config(config))
        except DialectError as error:
            raise PromoteError(f"stack {stack}: {error}") from error
        problem = settings.problem
        if problem:
            raise PromoteError(f"stack {stack}: {problem}")
        api = open_api(settings)
        self.apis.append(api)
        return api, settings.token

    def _invoker(self, token: str) -> HttpInvoker:
        invoker = HttpInvoker(token)
        self.invokers.append(invoker)
        return invoker
