"""Verification after `up`, in fake time: each check that fails is named, with its reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from datarobot_workloads_provider.promote.policy import Policy
from datarobot_workloads_provider.promote.probe import Answer
from datarobot_workloads_provider.promote.resolve import Release
from datarobot_workloads_provider.promote.verify import Verifier

from tests.provider.promote.registry import IMAGE, Registry
from tests.support.fake_api import FakeTime

URL = "http://api/endpoints/deployments/d3/"
TARGET = ("d3", URL)  # the deployment and invoke URL the state holds
RELEASE = Release("churn-model", 3, "a3", f"{IMAGE}:3")
POLICY = Policy(health_path="/health", version_path="/version", verify_timeout_seconds=10)


class ScriptedApp:
    """Answers health from a script (the last answer repeats), version with an image; each
    5xx answer counts in the registry's stats as the server would count it."""

    def __init__(
        self, registry: Registry, health: list[int], image: str = RELEASE.image or ""
    ) -> None:
        self.registry = registry
        self.health: Iterator[int] = iter(health)
        self.last = health[-1]
        self.image = image
        self.calls: list[str] = []

    def get(self, invoke_url: str, path: str) -> Answer:
        self.calls.append(path)
        url = invoke_url.rstrip("/") + path
        if path == "/health":
            status = next(self.health, self.last)
            if status >= 500:
                self.registry.server_errors["d3"] = self.registry.server_errors.get("d3", 0) + 1
            return Answer(url, status, "ok" if status < 300 else "lock held by another instance")
        return Answer(url, 200, f'{{"imageUri": "{self.image}"}}')


@pytest.fixture
def registry() -> Registry:
    registry = Registry()
    registry.artifact("a3", 3)
    registry.workload("w3", "a3")
    registry.deployment("d3", "w3")
    return registry


def verifier(
    registry: Registry, app: ScriptedApp, fake: FakeTime, lines: list[str] | None = None
) -> Verifier:
    said = lines if lines is not None else []
    return Verifier(registry.api(fake), app, said.append, clock=fake.clock, sleep=fake.sleep)


def test_a_target_that_serves_the_version_passes(registry: Registry) -> None:
    fake = FakeTime()
    # Two failing answers while the app warms up: waited for, and not held against it.
    app = ScriptedApp(registry, [503, 503, 200])
    result = verifier(registry, app, fake).verify("prod", *TARGET, RELEASE, POLICY)
    assert result.ok, result.failure
    assert app.calls == ["/health", "/health", "/health", "/version"]
    assert result.passed[-1] == "prod's deployment stats show no new server errors"
    assert registry.writes == []


def test_a_health_path_failing_until_the_deadline_fails_naming_it(registry: Registry) -> None:
    fake = FakeTime()
    app = ScriptedApp(registry, [503])
    result = verifier(registry, app, fake).verify("prod", *TARGET, RELEASE, POLICY)
    assert result.failure is not None
    assert result.failure.startswith("promotion:healthPath: GET http://api/endpoints/")
    assert "answered 503 (lock held by another instance) in prod (for 10 s)" in result.failure
    assert 10 <= fake.now <= 12


def test_serving_another_image_fails_the_version_check(registry: Registry) -> None:
    app = ScriptedApp(registry, [200], image=f"{IMAGE}:2")
    result = verifier(registry, app, FakeTime()).verify("prod", *TARGET, RELEASE, POLICY)
    assert result.failure == (
        f"promotion:versionPath: GET {URL}version serves {IMAGE}:2, not {IMAGE}:3 "
        "(churn-model version 3) in prod"
    )


def test_new_server_errors_of_real_traffic_fail_it(registry: Registry) -> None:
    class Busy(ScriptedApp):
        def get(self, invoke_url: str, path: str) -> Answer:
            if path == "/version":  # meanwhile, a client's request failed
                self.registry.server_errors["d3"] = self.registry.server_errors.get("d3", 0) + 1
            return super().get(invoke_url, path)

    result = verifier(registry, Busy(registry, [200]), FakeTime()).verify(
        "prod", *TARGET, RELEASE, POLICY
    )
    assert result.failure == (
        "prod's deployment stats show 1 new server errors during verification, expected none"
    )


def test_a_workload_of_another_artifact_or_errored_fails_at_once(registry: Registry) -> None:
    fake = FakeTime()
    registry.workload("w3", "a2")
    app = ScriptedApp(registry, [200])
    result = verifier(registry, app, fake).verify("prod", *TARGET, RELEASE, POLICY)
    assert result.failure == "prod's workload w3 runs artifact a2, not churn-model version 3 (a3)"
    registry.workload("w3", "a3", status="errored")
    result = verifier(registry, app, fake).verify("prod", *TARGET, RELEASE, POLICY)
    assert result.failure == "prod's workload w3 is errored"
    assert app.calls == [] and fake.now == 0


def test_a_workload_still_starting_at_the_deadline_fails(registry: Registry) -> None:
    fake = FakeTime()
    registry.workload("w3", "a3", status="initializing")
    result = verifier(registry, ScriptedApp(registry, [200]), fake).verify(
        "prod", *TARGET, RELEASE, POLICY
    )
    assert result.failure == "prod's workload w3 is still initializing after 10 s"


def test_a_state_without_a_deployment_fails(registry: Registry) -> None:
    result = verifier(registry, ScriptedApp(registry, [200]), FakeTime()).verify(
        "prod", None, None, RELEASE, POLICY
    )
    assert result.failure == (
        "prod's state holds no Deployment (with an invoke URL) in front of it"
    )


def test_waiting_says_one_line_when_it_starts_and_one_per_change(registry: Registry) -> None:
    fake = FakeTime()
    lines: list[str] = []
    app = ScriptedApp(registry, [503, 503, 503, 502, 502, 200])
    result = verifier(registry, app, fake, lines).verify("prod", *TARGET, RELEASE, POLICY)
    assert result.ok, result.failure
    assert len(lines) == 2, lines
    assert "answered 503" in lines[0] and "answered 502" in lines[1]


def test_without_a_health_path_the_app_must_answer_below_500(registry: Registry) -> None:
    class Bare(ScriptedApp):
        def get(self, invoke_url: str, path: str) -> Answer:
            self.calls.append(path)
            status = next(self.health, self.last)
            return Answer(invoke_url.rstrip("/") + path, status, "")

    policy = Policy(verify_timeout_seconds=5)
    fake = FakeTime()
    app = Bare(registry, [502, 404])  # the app has no `/`: it answers, so it is reached
    assert verifier(registry, app, fake).verify("prod", *TARGET, RELEASE, policy).ok
    assert app.calls == ["/", "/"]
    down = Bare(registry, [502])
    result = verifier(registry, down, FakeTime()).verify("prod", *TARGET, RELEASE, policy)
    assert result.failure == f"GET {URL} answered 502 in prod (for 5 s), expected no 5xx"


def test_without_a_deployment_the_workload_and_its_own_invoke_url_are_verified(
    registry: Registry,
) -> None:
    url = "http://api/endpoints/workloads/w3/"
    app = ScriptedApp(registry, [200])
    result = verifier(registry, app, FakeTime()).verify(
        "prod", None, url, RELEASE, POLICY, workload_id="w3"
    )
    assert result.ok, result.failure
    assert result.passed[0] == "prod's workload runs churn-model version 3"
    assert not any("stats" in line for line in result.passed)
    missing = verifier(registry, app, FakeTime()).verify(
        "prod", None, None, RELEASE, POLICY, workload_id="w3"
    )
    assert missing.failure is not None and "w3 has no invoke URL of its own" in missing.failure
