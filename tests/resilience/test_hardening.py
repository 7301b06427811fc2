"""The server holds up against strangers, fuzzing and a crowd.

What tests/server already proves in-process (hand-picked auth cases, ~300 fuzzed requests
as one caller, 50 raw concurrent writers) is extended here to the whole system, over real
sockets against the server subprocess:

- every operation of the served OpenAPI document, found from the document itself (so a
  new route cannot be forgotten), answers 401 without a token or with an unknown one,
  403 to a viewer's writes, and 404 to another owner for the owner's objects;
- cases generated from the document by schemathesis are each sent as four callers (no
  token, viewer, another owner, the owner), at least 2,000 requests: zero 5xx, and the
  401/403/404 rules hold for every generated request too;
- 50 clients, each with its own provider API client (as 50 provider processes would),
  create and update concurrently under 20% faults of every kind: every write they were
  told succeeded is there, once.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from datarobot_workloads_provider.client import ApiSettings, WorkloadApi
from hypothesis import HealthCheck, given, settings
from workload_api_server.launcher import ServerHandle, running_server
from workload_api_server.web.errors import dialect_of_path

from tests.resilience.conftest import OWNER, new_token
from tests.resilience.controls import ALL_FAULTS, Controls
from tests.resilience.figures import long_variant, record

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
INVOKE = "/api/v2/endpoints/"
ID_PARAMS = ("artifactId", "workloadId", "deploymentId", "artifactRepositoryId")
DIALECTS = ("older", "current")
# Generated cases per operation; each is sent by four callers.
CASES_PER_OPERATION = 60 if long_variant() else 20
CONCURRENT_CLIENTS = 50


@dataclass
class Callers:
    """The owner's editor token, a viewer of the same owner, and another owner's editor."""

    owner: str = field(default_factory=new_token)
    viewer: str = field(default_factory=new_token)
    other: str = field(default_factory=new_token)

    def grants(self) -> list[str]:
        return [
            f"{self.owner}:{OWNER}:editor",
            f"{self.viewer}:{OWNER}:viewer",
            f"{self.other}:someone-else:editor",
        ]


@dataclass
class Live:
    server: ServerHandle
    callers: Callers
    document: dict[str, Any]

    def api(self, token: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"}
        return httpx.Client(base_url=self.server.base_url + "/", headers=headers, timeout=60)

    def seed(self) -> dict[str, dict[str, str]]:
        """Per dialect, the owner's objects: a registered (locked) artifact, a running
        workload, and a deployment (older) or the artifact's repository (current)."""
        spec = {"containerGroups": [{"containers": [_container()]}]}
        with self.api(self.callers.owner) as http:
            body = {"name": "seed", "status": "registered", "spec": spec}
            artifact = http.post("registry/artifacts/", json=body).json()
            workload = http.post("console/workloads/", json={"artifactId": artifact["id"]}).json()
            deployment = http.post(
                "console/deployments/", json={"name": "seed", "workloadId": workload["id"]}
            ).json()
            locked = http.post("artifacts/", json={**body, "status": "locked"}).json()
            current = http.post(
                "workloads/", json={"name": "seed", "artifactId": locked["id"]}
            ).json()
        return {
            "older": {
                "artifactId": artifact["id"],
                "workloadId": workload["id"],
                "deploymentId": deployment["id"],
                "appPath": "ping",
            },
            "current": {
                "artifactId": locked["id"],
                "workloadId": current["id"],
                "artifactRepositoryId": locked["artifactRepositoryId"],
                "appPath": "ping",
            },
        }


def _container() -> dict[str, Any]:
    return {"name": "app", "imageUri": "registry.local/app:1", "port": 8080}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    callers = Callers()
    data: Path = tmp_path_factory.mktemp("hardening")
    with running_server(data, step_seconds=0, tokens=callers.grants()) as server:
        document = httpx.get(f"{server.base_url}/openapi.json", timeout=30).json()
        _settle_imports(document)
        yield Live(server, callers, document)


def _settle_imports(document: dict[str, Any]) -> None:
    """Collects garbage, then makes schemathesis import what it imports lazily.

    Earlier engine tests in the same process leave finished Pulumi coroutines behind;
    when a garbage collection finalizes them in the middle of a lazy import's
    `ast.parse` (pytest rewrites schemathesis' modules, it is a plugin), CPython 3.11
    fails with "AST constructor recursion depth mismatch". Collecting first, and running
    one case of every operation before the measured fuzzing, keeps that out of the test.
    """
    gc.collect()
    for result in schemathesis.openapi.from_dict(document).get_all_operations():

        @given(case=result.ok().as_strategy())
        @settings(max_examples=1, deadline=None, database=None)
        def warm_up(case: Any) -> None:
            case.as_transport_kwargs(base_url="http://127.0.0.1")

        warm_up()


def operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    for path, item in document["paths"].items():
        for method in item:
            if method.upper() in WRITES | {"GET"}:
                found.append((method.upper(), path))
    return found


def fill(path: str, seeds: dict[str, dict[str, str]]) -> str:
    ids = seeds[dialect_of_path(path)]
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path).removeprefix("/api/v2/")


def expected_for_other_owner(method: str, path: str) -> set[int]:
    """Another owner: the owner's objects are 404; collections are the caller's own."""
    if any(f"{{{name}}}" in path for name in ID_PARAMS):
        return {404}
    if method == "GET":
        return {200}
    # Creating with the owner's IDs in the body: 422 on that field (the current dialect:
    # 404, the artifact is not found); an artifact is its own.
    return {201, 404, 422}


def test_every_documented_operation_answers_401_403_404(live: Live) -> None:
    ids = live.seed()
    found = operations(live.document)
    assert len(found) >= 50, found
    callers = live.callers
    older, current = ids["older"], ids["current"]
    body = {
        "registry/artifacts/": {"name": "x", "spec": {"containerGroups": [{"containers": []}]}},
        "console/workloads/": {"artifactId": older["artifactId"]},
        "console/deployments/": {"name": "d", "workloadId": older["workloadId"]},
        "artifacts/": {"name": "x", "spec": {"containerGroups": [{"containers": []}]}},
        "workloads/": {"name": "w", "artifactId": current["artifactId"]},
    }
    violations: list[str] = []

    def expect(label: str, response: httpx.Response, allowed: set[int]) -> None:
        if response.status_code not in allowed:
            violations.append(f"{label}: {response.status_code} not in {sorted(allowed)}")

    with (
        httpx.Client(base_url=live.server.base_url + "/", timeout=60) as anonymous,
        live.api("rz-not-a-token") as unknown,
        live.api(callers.viewer) as viewer,
        live.api(callers.other) as other,
    ):
        for method, template in found:
            path = fill(template, ids)
            payload = body.get(path) if method in WRITES else None
            label = f"{method} {template}"
            expect(f"{label} without token", anonymous.request(method, path, json=payload), {401})
            expect(f"{label} unknown token", unknown.request(method, path, json=payload), {401})
            if method in WRITES and not template.startswith(INVOKE):
                expect(f"{label} as viewer", viewer.request(method, path, json=payload), {403})
            allowed = expected_for_other_owner(method, template)
            expect(f"{label} as other owner", other.request(method, path, json=payload), allowed)

    # Nobody but the owner touched the owner's objects.
    with live.api(callers.owner) as owner:
        for dialect, name, kind in (
            ("older", "artifactId", "registry/artifacts"),
            ("older", "workloadId", "console/workloads"),
            ("older", "deploymentId", "console/deployments"),
            ("current", "artifactId", "artifacts"),
            ("current", "workloadId", "workloads"),
            ("current", "artifactRepositoryId", "artifactRepositories"),
        ):
            assert owner.get(f"{kind}/{ids[dialect][name]}/").status_code == 200

    record(
        "auth_violations",
        len(violations),
        scenario=f"401/403/404 on every documented operation ({len(found)})",
        operations=len(found),
    )
    assert violations == []


def test_fuzzing_from_the_openapi_document_gives_no_5xx(live: Live) -> None:
    schema = schemathesis.openapi.from_dict(live.document)
    callers = live.callers
    counts = {"requests": 0, "5xx": 0, "auth_violations": 0}
    by_dialect = {dialect: {"requests": 0, "5xx": 0} for dialect in DIALECTS}
    failures: list[str] = []
    session = requests.Session()
    seeded = live.seed()
    turn = iter(range(10**9))

    def send(kwargs: dict[str, Any], token: str | None, dialect: str) -> requests.Response:
        headers = dict(kwargs["headers"])
        headers.pop("Authorization", None)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        response = session.request(**{**kwargs, "headers": headers}, timeout=60)
        counts["requests"] += 1
        by_dialect[dialect]["requests"] += 1
        if response.status_code >= 500:
            counts["5xx"] += 1
            by_dialect[dialect]["5xx"] += 1
            failures.append(f"{kwargs['method']} {kwargs['url']}: {response.status_code}")
        return response

    def check(label: str, response: requests.Response, allowed: set[int]) -> None:
        if response.status_code not in allowed:
            counts["auth_violations"] += 1
            failures.append(f"{label}: {response.status_code} not in {sorted(allowed)}")

    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            # Half the cases use the owner's real objects (of the operation's dialect), so
            # item operations get past 404.
            dialect = dialect_of_path(case.path)
            seeds = seeded[dialect]
            real = next(turn) % 2 == 0
            if real:
                for name in list(case.path_parameters or {}):
                    if name in seeds and name != "appPath":
                        case.path_parameters[name] = seeds[name]
            if case.path.startswith(INVOKE):
                _ensure_running(live, seeds["workloadId"])
            kwargs = case.as_transport_kwargs(base_url=live.server.root_url)
            label = f"{case.method} {case.path}"
            check(f"{label} without token", send(kwargs, None, dialect), {401})
            viewer = send(kwargs, callers.viewer, dialect)
            if case.method in WRITES and not case.path.startswith(INVOKE):
                check(f"{label} as viewer", viewer, {403})
            other = send(kwargs, callers.other, dialect)
            if real and any(f"{{{n}}}" in case.path for n in ID_PARAMS):
                check(f"{label} as other owner", other, {404})
            send(kwargs, callers.owner, dialect)

        fuzz()

    for dialect, figures in by_dialect.items():
        record(
            "fuzz_requests",
            figures["requests"],
            scenario=f"schemathesis cases, {dialect} dialect, each sent as 4 callers",
            dialect=dialect,
        )
    record(
        "fuzz_5xx",
        counts["5xx"],
        scenario="fuzzing",
        auth_violations=counts["auth_violations"],
        by_dialect={dialect: figures["5xx"] for dialect, figures in by_dialect.items()},
    )
    assert counts["requests"] >= 2000, counts
    assert all(figures["requests"] >= 1000 for figures in by_dialect.values()), by_dialect
    assert failures == [], failures[:20]


def _ensure_running(live: Live, workload_id: str) -> None:
    """Invoke is fuzzed against a running workload: a stopped one's 503 is the contract."""
    with live.api(live.callers.owner) as owner:
        workload = owner.get(f"console/workloads/{workload_id}/")
        if workload.status_code == 200 and workload.json()["status"] != "running":
            owner.post(f"console/workloads/{workload_id}/start")


def test_fifty_provider_clients_under_faults_lose_and_duplicate_nothing(live: Live) -> None:
    controls = Controls(live.server.root_url, live.server.base_url, live.callers.owner)
    shared = _client(live).create_artifact(_artifact_body("crowd-shared", "registered"))
    acked: dict[int, dict[str, str]] = {}
    lock = threading.Lock()

    def writer(index: int) -> None:
        api = _client(live)  # its own connection pool and retry state, like a process
        try:
            artifact = api.create_artifact(_artifact_body(f"crowd-a-{index:02d}", "registered"))
            workload = api.create_workload(
                {"name": f"crowd-w-{index:02d}", "artifactId": artifact.id, "runtime": {}}
            )
            api.patch_artifact(artifact.id, {"description": f"writer {index}"})
            api.patch_artifact(shared.id, {"description": f"writer {index}"})
        finally:
            api.close()
        with lock:
            acked[index] = {"artifact": artifact.id, "workload": workload.id}

    controls.clear_requests()
    controls.set_faults(rate=0.2, kinds=ALL_FAULTS, latencyMs=100, retryAfter=1, seed=50)
    with ThreadPoolExecutor(CONCURRENT_CLIENTS) as pool:
        list(pool.map(writer, range(CONCURRENT_CLIENTS)))
    injected = controls.injected()
    controls.clear_faults()

    with live.api(live.callers.owner) as owner:
        artifacts = _all(owner, "registry/artifacts/?search=crowd-a-")
        workloads = _all(owner, "console/workloads/?search=crowd-w-")
        shared_now = owner.get(f"registry/artifacts/{shared.id}/").json()
    by_name: dict[str, list[dict[str, Any]]] = {}
    for item in artifacts + workloads:
        by_name.setdefault(item["name"], []).append(item)
    duplicates = sum(len(items) - 1 for items in by_name.values())
    acked_ids = {i for ids in acked.values() for i in ids.values()}
    orphans = [item["id"] for item in artifacts + workloads if item["id"] not in acked_ids]
    lost = [i for i in acked_ids if i not in {item["id"] for item in artifacts + workloads}]
    lost += [
        f"description of crowd-a-{index:02d}"
        for index, ids in acked.items()
        for item in artifacts
        if item["id"] == ids["artifact"] and item["description"] != f"writer {index}"
    ]
    if shared_now["description"] not in {f"writer {i}" for i in acked}:
        lost.append("shared description")

    scenario = f"{CONCURRENT_CLIENTS} concurrent provider clients, 20% faults"
    record("duplicates", duplicates, scenario=scenario)
    record("orphans", len(orphans), scenario=scenario)
    record("lost_writes", len(lost), scenario=scenario, acknowledged_writes=4 * len(acked))
    record("faults_injected", sum(injected.values()), scenario=scenario, by_kind=injected)
    assert len(acked) == CONCURRENT_CLIENTS
    assert duplicates == 0 and orphans == [] and lost == [], (duplicates, orphans, lost)
    assert len(artifacts) == len(workloads) == CONCURRENT_CLIENTS
    assert sum(injected.values()) > 0, injected


def _client(live: Live) -> WorkloadApi:
    return WorkloadApi(ApiSettings(endpoint=live.server.base_url, token=live.callers.owner))


def _artifact_body(name: str, status: str) -> dict[str, Any]:
    spec = {"containerGroups": [{"name": "default", "containers": [_container()]}]}
    return {"name": name, "type": "service", "status": status, "spec": spec}


def _all(http: httpx.Client, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url: str | None = f"{path}&limit=100"
    while url:
        page = http.get(url).json()
        items += page["data"]
        url = page.get("next")
    return items
