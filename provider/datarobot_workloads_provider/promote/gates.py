"""The gates: checks on the SOURCE stack that must all pass before the target changes.

Observing (API and invoke calls, all reads) is kept apart from judging (`evaluate`, pure),
so the rules are tested without a server. The stats are read before the health check,
so a failing health answer of this very check is not counted twice. Every gate in force
is evaluated and reported, not just the first that fails: whoever reads a refusal should
learn everything that stands in the way at once.

In the current dialect of the API there is no deployment: the health gate goes through
the workload's own invoke URL, and `promotion:maxServerErrors`, which counts a
deployment's server errors, cannot be checked; set, it refuses, saying so, rather than
pass unchecked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..client.settings import OLDER
from .policy import HEALTH_PATH, MAX_SERVER_ERRORS, MIN_AGE, Policy
from .probe import Answer, Invoker, server_errors

if TYPE_CHECKING:
    from ..client.api import WorkloadApi
    from .resolve import SourceRun


@dataclass(frozen=True)
class Observations:
    """What the gates judge, as measured on the source."""

    age_seconds: float | None
    health: Answer | None = None
    server_errors: int | None = None
    no_deployment: bool = False


@dataclass(frozen=True)
class GateResult:
    """One gate: its config key, whether it passed, and by how much either way."""

    gate: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'pass' if self.passed else 'FAIL'}  {self.gate}: {self.detail}"


def observe(
    policy: Policy, source: SourceRun, api: WorkloadApi, invoker: Invoker, now: datetime
) -> Observations:
    age = None
    if source.running_since is not None:
        age = max(0.0, (now - source.running_since).total_seconds())
    if source.dialect != OLDER:
        # No deployment, so no stats: only the health path, through the workload's URL.
        if policy.health_path is None:
            return Observations(age)
        if source.invoke_url is None:
            return Observations(age, no_deployment=True)
        return Observations(age, health=invoker.get(source.invoke_url, policy.health_path))
    needs_deployment = policy.health_path is not None or policy.max_server_errors is not None
    if needs_deployment and (source.deployment_id is None or source.invoke_url is None):
        return Observations(age, no_deployment=True)
    errors = None
    if policy.max_server_errors is not None and source.deployment_id is not None:
        errors = server_errors(api, source.deployment_id)
    health = None
    if policy.health_path is not None and source.invoke_url is not None:
        health = invoker.get(source.invoke_url, policy.health_path)
    return Observations(age, health=health, server_errors=errors)


def evaluate(policy: Policy, source: SourceRun, seen: Observations) -> list[GateResult]:
    """One result per gate in force (none when the target's config sets no gate)."""
    where = f"in {source.stack}"
    label = source.release.label()
    results: list[GateResult] = []
    if policy.min_age_seconds:
        if seen.age_seconds is None:
            results.append(
                GateResult(MIN_AGE, False, f"the API gives no start time of {label} {where}")
            )
        else:
            age, wanted = int(seen.age_seconds), policy.min_age_seconds
            if age >= wanted:
                detail = f"{label} has run {where} for {age} s (at least {wanted} s)"
                results.append(GateResult(MIN_AGE, True, detail))
            else:
                detail = (
                    f"{label} has run {where} for {age} s, the gate asks for {wanted} s: "
                    f"{wanted - age} s too young"
                )
                results.append(GateResult(MIN_AGE, False, detail))
    current = source.dialect != OLDER
    for key, wanted_set in (
        (HEALTH_PATH, policy.health_path is not None),
        (MAX_SERVER_ERRORS, policy.max_server_errors is not None and not current),
    ):
        if wanted_set and seen.no_deployment:
            front = "no invoke URL of" if current else "no Deployment in front of"
            detail = (
                f"{source.stack}'s state holds {front} workload {source.workload}: "
                "nothing to check through"
            )
            results.append(GateResult(key, False, detail))
    if current and policy.max_server_errors is not None:
        detail = (
            f"{source.stack} speaks the current dialect of the API, which has no deployments "
            "and so no deployment stats to count server errors in: leave this gate out of "
            "the target's config"
        )
        results.append(GateResult(MAX_SERVER_ERRORS, False, detail))
    if seen.no_deployment:
        return results
    if policy.health_path is not None and seen.health is not None:
        answer = seen.health
        if answer.ok:
            detail = f"GET {answer.url} answered {answer.status} {where}"
            results.append(GateResult(HEALTH_PATH, True, detail))
        else:
            detail = f"GET {answer.url} {answer.failure()} {where}, expected 2xx"
            results.append(GateResult(HEALTH_PATH, False, detail))
    if policy.max_server_errors is not None and seen.server_errors is not None:
        errors, most = seen.server_errors, policy.max_server_errors
        if errors <= most:
            detail = f"{source.stack}'s deployment shows {errors} server errors (at most {most})"
            results.append(GateResult(MAX_SERVER_ERRORS, True, detail))
        else:
            detail = (
                f"{source.stack}'s deployment shows {errors} server errors, the gate allows "
                f"{most}: {errors - most} too many"
            )
            results.append(GateResult(MAX_SERVER_ERRORS, False, detail))
    return results
