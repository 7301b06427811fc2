"""Property-based fuzzing of every documented operation from the served OpenAPI document.

Bounded to keep the suite fast, yet several hundred requests in total, over both
dialects. Besides the absence of 5xx answers, responses must match the documented status
codes, content types and schemas. Every other case gets real object IDs of its own
dialect, so item operations get past the 404. (`test_fuzz_stateful` chains calls instead.)
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from workload_api_server.settings import Settings
from workload_api_server.web.app import close_app, create_app, server_context
from workload_api_server.web.errors import dialect_of_path

from tests.server.helpers import ALICE, GRANTS, Api, current_workload

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MAX_EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
_STATE: dict[str, Any] = {"requests": Counter(), "operations": set()}
_TURN = itertools.count()


# The schema must exist when tests are collected (schemathesis' fixture-based loader does
# not work with this pytest version), so the app is built at import and closed after.
_DATA_DIR = Path(tempfile.mkdtemp(prefix="workload-api-fuzz-"))
# Also when the module is only collected (deselected, --collect-only) and never torn down.
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)
_APP = create_app(Settings(data_dir=_DATA_DIR, step_seconds=0, tokens=GRANTS))
_CLIENT = TestClient(_APP)
schema = schemathesis.openapi.from_asgi("/api/v2/openapi.json", _APP)
schema.config.generation.update(max_examples=MAX_EXAMPLES)


@pytest.fixture(scope="module")
def fuzz_app() -> Iterator[Any]:
    yield _APP
    close_app(_APP)
    shutil.rmtree(_DATA_DIR, ignore_errors=True)


@pytest.fixture(scope="module")
def seeded_ids(fuzz_app: Any) -> dict[str, dict[str, str]]:
    """Real objects of each dialect whose IDs replace generated ones in half of the cases."""
    api = Api(_CLIENT, ALICE)
    deployment = api.deployment()
    workload = api.get(f"/console/workloads/{deployment['workloadId']}/").json()
    current = current_workload(api)
    return {
        "older": {
            "artifactId": workload["artifactId"],
            "workloadId": workload["id"],
            "deploymentId": deployment["id"],
        },
        "current": {
            "artifactId": current["artifactId"],
            "workloadId": current["id"],
            "artifactRepositoryId": current["artifact"]["artifactRepositoryId"],
        },
    }


def _ensure_running(workload_id: str) -> None:
    api = Api(_CLIENT, ALICE)
    if api.get(f"/console/workloads/{workload_id}/").json().get("status") != "running":
        assert api.post(f"/console/workloads/{workload_id}/start").status_code == 202


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_documented_answers(
    case: Any, seeded_ids: dict[str, dict[str, str]]
) -> None:
    dialect = dialect_of_path(case.path)
    seeds = seeded_ids[dialect]
    if next(_TURN) % 2 == 0:
        for name in list(case.path_parameters or {}):
            if name in seeds:
                case.path_parameters[name] = seeds[name]
    if case.path.startswith("/api/v2/endpoints/"):
        # Fuzzing may have stopped the seeded workload; invoke is fuzzed against a running
        # one, because a stopped workload's 503 is the contract, not a server error.
        _ensure_running(seeds["workloadId"])
    headers = {"Authorization": f"Bearer {ALICE}"}
    case.call_and_validate(headers=headers, checks=CHECKS)
    _STATE["requests"][dialect] += 1
    _STATE["operations"].add(f"{case.method} {case.path}")


def test_fuzzing_was_substantial_and_found_no_5xx(fuzz_app: Any) -> None:
    if not _STATE["requests"]:
        pytest.skip("the fuzz cases were not selected")
    assert _STATE["requests"]["older"] >= 300, _STATE["requests"]
    assert _STATE["requests"]["current"] >= 300, _STATE["requests"]
    assert len(_STATE["operations"]) >= 45, sorted(_STATE["operations"])
    log = server_context(fuzz_app).request_log.snapshot()
    assert all((entry["status"] or 0) < 500 for entry in log["entries"])
