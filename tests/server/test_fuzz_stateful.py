"""Stateful fuzzing of each dialect: schemathesis chains create -> read -> update -> delete.

The OpenAPI document gives every create answer a `Location` header and links to the
operations that take the new object's ID, so generated scenarios act on real objects
instead of guessing IDs. Each dialect is fuzzed on its own operations; neither may
answer 5xx, every answer must match the document, and chaining must really happen: for
artifacts and workloads, each step of create -> read -> update -> delete answers 2xx on
an object the scenario created.

Every scenario starts on an emptied server (the test reset: no objects, creation order
from the start) whose clock does not move, so what the server answers depends only on
the scenario's own calls, not on earlier scenarios, the other dialect or the wall clock.
Hypothesis can then replay or extend a scenario and meet exactly the state it met before
(otherwise it reports a flaky strategy), and the derandomized run makes the same calls
and gets the same answers in every run, whatever ran before it in the process.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from workload_api_server.settings import Settings
from workload_api_server.web.app import close_app, create_app, server_context

from tests.server.helpers import ALICE, GRANTS, FakeClock

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
Operation = tuple[str, str]  # (method, OpenAPI path)
# Per dialect: the operations fuzzed, and per resource the steps create, read, update and
# delete, each step one or more operations of which one must answer 2xx. Item operations
# answer 2xx only on an object that exists, so that proves a scenario chained onto it.
DIALECTS: dict[str, tuple[str, dict[str, tuple[tuple[Operation, ...], ...]]]] = {
    "older": (
        r"^/api/v2/(registry|console)/",
        {
            "artifact": (
                (("POST", "/api/v2/registry/artifacts/"),),
                (("GET", "/api/v2/registry/artifacts/{artifactId}/"),),
                (
                    ("PATCH", "/api/v2/registry/artifacts/{artifactId}/"),
                    ("PUT", "/api/v2/registry/artifacts/{artifactId}/"),
                ),
                (("DELETE", "/api/v2/registry/artifacts/{artifactId}/"),),
            ),
            # The older dialect changes a workload only by stopping and starting it.
            "workload": (
                (("POST", "/api/v2/console/workloads/"),),
                (("GET", "/api/v2/console/workloads/{workloadId}/"),),
                (
                    ("POST", "/api/v2/console/workloads/{workloadId}/stop"),
                    ("POST", "/api/v2/console/workloads/{workloadId}/start"),
                ),
                (("DELETE", "/api/v2/console/workloads/{workloadId}/"),),
            ),
        },
    ),
    "current": (
        r"^/api/v2/(artifacts|artifactRepositories|workloads)",
        {
            "artifact": (
                (("POST", "/api/v2/artifacts/"),),
                (("GET", "/api/v2/artifacts/{artifactId}/"),),
                (
                    ("PATCH", "/api/v2/artifacts/{artifactId}/"),
                    ("PUT", "/api/v2/artifacts/{artifactId}/"),
                ),
                (("DELETE", "/api/v2/artifacts/{artifactId}/"),),
            ),
            "workload": (
                (("POST", "/api/v2/workloads/"),),
                (("GET", "/api/v2/workloads/{workloadId}/"),),
                (("PATCH", "/api/v2/workloads/{workloadId}/"),),
                (("DELETE", "/api/v2/workloads/{workloadId}/"),),
            ),
        },
    ),
}
# Hypothesis derives the derandomized scenarios from the machine's source, so the same
# calls are made in every run until this file changes; if a change then leaves a chain
# unwalked, the assertion says which step, and a larger budget here walks it again.
SCENARIOS = 20
STEPS = 12


@pytest.fixture(scope="module")
def app() -> Iterator[Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="workload-api-stateful-"))
    made = create_app(Settings(data_dir=data_dir, step_seconds=0, tokens=GRANTS, clock=FakeClock()))
    yield made
    close_app(made)
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_stateful_fuzzing_chains_calls_and_finds_no_5xx(app: Any, dialect: str) -> None:
    paths, chains = DIALECTS[dialect]
    calls: list[tuple[str, str, int]] = []
    scenarios = _fuzz(app, paths, calls)
    errors = sum(1 for *_, status in calls if status >= 500)
    # The same scenarios give the same calls and answers in every run: the digest shows it.
    digest = hashlib.sha256(repr(calls).encode()).hexdigest()[:12]
    print(
        f"\nstateful fuzzing, {dialect} dialect: {scenarios} scenarios, {len(calls)} requests"
        f" (digest {digest}), {errors} answers 5xx"
    )
    assert errors == 0, Counter(calls)
    assert scenarios >= SCENARIOS, scenarios
    for resource, steps in chains.items():
        missed = [step for step in steps if not _succeeded(calls, step)]
        assert not missed, (resource, missed, sorted(Counter(calls).items()))


def _fuzz(app: Any, paths: str, calls: list[tuple[str, str, int]]) -> int:
    """Run the derandomized scenarios, each on an emptied server; every answer is checked
    as it comes and appended to `calls`. Returns how many scenarios ran (replays too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        schema = schemathesis.openapi.from_asgi("/api/v2/openapi.json", app)
    # Only the document's own links: links schemathesis infers on top would multiply the
    # rules a step picks from, and the create -> read -> update -> delete chains the
    # document promises would rarely be walked to their end in this budget.
    schema.config.phases.stateful.inference.algorithms = []
    schema = schema.include(path_regex=paths)
    context = server_context(app)
    scenarios = 0

    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            nonlocal scenarios
            scenarios += 1
            context.reset()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {"Authorization": f"Bearer {ALICE}"}}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            calls.append((case.method.upper(), case.operation.path, response.status_code))

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    with _no_constants_from_loaded_modules():
        Machine.run(
            settings=settings(
                max_examples=SCENARIOS,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
        )
    return scenarios


@contextmanager
def _no_constants_from_loaded_modules() -> Iterator[None]:
    """Hypothesis now and then draws a literal found in the project's modules loaded so
    far; which those are depends on what else ran in the process (a full run imports the
    server's command line, say), and so would the derandomized scenarios. For this run it
    draws from no such literals (schemathesis still adds the app's own), whatever is
    loaded. Hypothesis has no setting for it, hence its internals; pinned in the lock."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(providers, "_get_local_constants", Constants)
        providers.CONSTANTS_CACHE.cache.clear()
        try:
            yield
        finally:
            providers.CONSTANTS_CACHE.cache.clear()


def _succeeded(calls: list[tuple[str, str, int]], step: tuple[Operation, ...]) -> bool:
    """One of `step`'s operations answered 2xx at least once."""
    return any((method, path) in step and 200 <= status < 300 for method, path, status in calls)
