"""Gates: each refusal names its config key and by how much it failed; checks only read."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from datarobot_workloads_provider.promote.gates import GateResult, Observations, evaluate, observe
from datarobot_workloads_provider.promote.policy import Policy
from datarobot_workloads_provider.promote.probe import Answer
from datarobot_workloads_provider.promote.resolve import Release, SourceRun

from tests.provider.promote.registry import Registry

SINCE = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
URL = "http://api/endpoints/deployments/d2"
ALL = Policy(min_age_seconds=600, health_path="/health", max_server_errors=2)


def source(*, deployed: bool = True) -> SourceRun:
    return SourceRun(
        stack="dev",
        release=Release("churn-model", 2, "a2", "img:2"),
        workload="model",
        workload_id="w2",
        deployment_id="d2" if deployed else None,
        invoke_url=URL + "/" if deployed else None,
        running_since=SINCE,
    )


class FakeInvoker:
    def __init__(self, status: int | None, body: str = "") -> None:
        self.status, self.body = status, body
        self.calls: list[str] = []

    def get(self, invoke_url: str, path: str) -> Answer:
        url = invoke_url.rstrip("/") + path
        self.calls.append(url)
        return Answer(url, self.status, self.body, "" if self.status else "connection refused")


def failed(results: list[GateResult]) -> dict[str, str]:
    return {r.gate: r.detail for r in results if not r.passed}


def test_no_gate_set_means_nothing_to_judge() -> None:
    assert evaluate(Policy(), source(), Observations(age_seconds=1)) == []


def test_every_gate_passes_and_says_why() -> None:
    seen = Observations(900, Answer(URL + "/health", 200, "ok"), server_errors=2)
    results = evaluate(ALL, source(), seen)
    assert [r.passed for r in results] == [True, True, True]
    assert "has run in dev for 900 s (at least 600 s)" in results[0].detail
    assert "answered 200" in results[1].detail
    assert "2 server errors (at most 2)" in results[2].detail


def test_each_refusal_names_the_gate_and_by_how_much() -> None:
    seen = Observations(42, Answer(URL + "/health", 503, "model not loaded\n"), server_errors=5)
    refused = failed(evaluate(ALL, source(), seen))
    assert refused == {
        "promotion:minAgeSeconds": "churn-model version 2 has run in dev for 42 s, the gate "
        "asks for 600 s: 558 s too young",
        "promotion:healthPath": f"GET {URL}/health answered 503 (model not loaded) in dev, "
        "expected 2xx",
        "promotion:maxServerErrors": "dev's deployment shows 5 server errors, the gate allows "
        "2: 3 too many",
    }


def test_an_unreachable_health_path_and_no_deployment_are_refusals() -> None:
    seen = Observations(900, Answer(URL + "/health", None, error="connection refused"))
    refused = failed(evaluate(Policy(health_path="/health"), source(), seen))
    assert "could not be reached (connection refused)" in refused["promotion:healthPath"]
    no_deployment = Observations(900, no_deployment=True)
    refused = failed(evaluate(ALL, source(deployed=False), no_deployment))
    assert set(refused) == {"promotion:healthPath", "promotion:maxServerErrors"}
    assert "holds no Deployment in front of workload model" in refused["promotion:healthPath"]


def test_observing_reads_stats_then_health_and_writes_nothing() -> None:
    registry = Registry()
    registry.deployment("d2", "w2")
    registry.server_errors["d2"] = 4
    invoker = FakeInvoker(200, "ok")
    seen = observe(ALL, source(), registry.api(), invoker, SINCE + timedelta(seconds=75))
    assert seen.age_seconds == 75
    assert seen.server_errors == 4
    assert seen.health is not None and seen.health.status == 200
    assert invoker.calls == [URL + "/health"]
    assert registry.writes == []


def test_observing_a_source_without_deployment_asks_nothing() -> None:
    invoker = FakeInvoker(200)
    seen = observe(ALL, source(deployed=False), Registry().api(), invoker, SINCE)
    assert seen.no_deployment and invoker.calls == []


def current_source() -> SourceRun:
    return replace(
        source(deployed=False), invoke_url="http://api/endpoints/workloads/w2/", dialect="current"
    )


def test_the_current_dialect_checks_health_through_the_workload_and_refuses_a_stats_gate() -> None:
    invoker = FakeInvoker(200, "ok")
    seen = observe(ALL, current_source(), Registry().api(), invoker, SINCE)
    assert invoker.calls == ["http://api/endpoints/workloads/w2/health"]
    assert seen.server_errors is None and not seen.no_deployment
    results = {r.gate: r for r in evaluate(ALL, current_source(), seen)}
    assert results["promotion:healthPath"].passed
    stats = results["promotion:maxServerErrors"]
    assert not stats.passed and "dev speaks the current dialect" in stats.detail
    assert "leave this gate out" in stats.detail
    only_health = Policy(health_path="/health")
    assert all(r.passed for r in evaluate(only_health, current_source(), seen))
