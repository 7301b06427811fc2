"""Bodies the OpenAPI document calls valid are accepted, except for what no schema can say.

Schemathesis generates create bodies in positive mode (valid by the document). Every
refusal (422) must name a field whose validity depends on other objects: an ID that
must exist, or a runtime naming the artifact's container groups and containers. Any
other 422 would be a rule the document should state (see `web/openapi_rules.py`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode
from workload_api_server.settings import Settings
from workload_api_server.web.app import close_app, create_app

from tests.server.helpers import ALICE, GRANTS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CASES = 30
CREATES = (
    "/api/v2/registry/artifacts/",
    "/api/v2/console/workloads/",
    "/api/v2/console/deployments/",
    "/api/v2/artifacts/",
    "/api/v2/workloads/",
)
# Fields that refer to other objects: only these may refuse a body the document allows.
REFERENCES = re.compile(
    r"^(artifactId|workloadId|runtime\.containerGroups\.\d+(\.containers\.\d+)?\.name)$"
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    data_dir = Path(tempfile.mkdtemp(prefix="workload-api-positive-"))
    app = create_app(Settings(data_dir=data_dir, step_seconds=0, tokens=GRANTS))
    with TestClient(app) as made:
        yield made
    close_app(app)
    shutil.rmtree(data_dir, ignore_errors=True)


def _refused_fields(body: dict[str, Any]) -> list[str]:
    if "errors" in body:
        return list(body["errors"])
    return [".".join(str(part) for part in item["loc"][1:]) for item in body["detail"]]


def test_valid_bodies_are_refused_only_for_references(client: TestClient) -> None:
    document = client.get("/api/v2/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    sent: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    unexpected: list[str] = []

    def fuzz(path: str) -> None:
        operation = schema[path]["POST"]

        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        @settings(
            max_examples=CASES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def send(case: Any) -> None:
            headers = {"Authorization": f"Bearer {ALICE}"}
            response = client.post(path, json=case.body, headers=headers)
            sent[path] += 1
            assert response.status_code < 500, response.text
            if response.status_code == 422:
                refused[path] += 1
                fields = _refused_fields(response.json())
                unexpected.extend(
                    f"{path} {field}" for field in fields if not REFERENCES.match(field)
                )

        send()

    for path in CREATES:
        fuzz(path)
    for path in CREATES:
        print(f"\n{path}: {refused[path]} of {sent[path]} valid bodies refused (references)")
    assert unexpected == [], unexpected[:10]
    assert all(sent[path] >= CASES // 2 for path in CREATES), sent
