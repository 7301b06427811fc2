"""A real rolling replacement in the process runtime, while a client invokes without pause.

The server runs as a subprocess with `--runtime process`: each version of the workload is
a real HTTP process. A client thread invokes the workload's stable endpoint as fast as it
can during the whole replacement; not one request may fail, the answers move from the old
version to the new one, and the old process is ended after its keep-old time.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from workload_api_server.launcher import ServerHandle, running_server

from tests.server.helpers import ALICE, TOKEN_SPECS, Api, container, spec
from tests.server.test_process_runtime import APP, _gone

MINUTE_SECONDS = 0.5


@dataclass
class Invoker:
    """Invokes one URL in a loop from its own thread; counts and keeps what answered."""

    url: str
    sent: int = 0
    failed: list[str] = field(default_factory=list)
    answers: list[tuple[str, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Invoker:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join(timeout=30)

    def _run(self) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {ALICE}"}, timeout=30) as http:
            while not self._stop.is_set():
                self.sent += 1
                try:
                    response = http.post(self.url, content=b"ping")
                except httpx.HTTPError as exc:
                    self.failed.append(f"{type(exc).__name__}: {exc}")
                    continue
                if response.status_code != 200:
                    self.failed.append(f"{response.status_code}: {response.text[:200]}")
                    continue
                seen = response.json()
                self.answers.append((seen["greeting"], seen["pid"]))


@pytest.fixture(scope="module")
def process_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    extra = ["--rollout-minute-seconds", str(MINUTE_SECONDS), "--replacement-linger-seconds", "1"]
    with running_server(
        tmp_path_factory.mktemp("rolling"),
        runtime="process",
        tokens=TOKEN_SPECS,
        extra_args=extra,
    ) as handle:
        yield handle


@pytest.fixture
def api(process_server: ServerHandle) -> Iterator[Api]:
    with httpx.Client(base_url=process_server.root_url, timeout=30) as http:
        assert http.post("/__test__/reset").status_code == 204
        yield Api(http, ALICE)
        http.delete("/__test__/replacement-failures")


def version(api: Api, greeting: str, repository_id: str | None = None, **extra: Any) -> Any:
    primary = container(
        entrypoint=[sys.executable, "-c", APP],
        environmentVars=[{"name": "GREETING", "value": greeting}],
        readinessProbe={"path": "/health"},
        **extra,
    )
    body: dict[str, Any] = {"name": "rolling", "status": "locked", "spec": spec(primary)}
    if repository_id is not None:
        body["artifactRepositoryId"] = repository_id
    response = api.post("/artifacts/", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def wait(api: Api, workload_id: str, done: Any, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        workload = dict(api.get(f"/workloads/{workload_id}").json())
        if done(workload):
            return workload
        assert time.monotonic() < deadline, workload
        time.sleep(0.1)


def running(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    first = version(api, "v1")
    created = api.post("/workloads/", json={"name": "rolling", "artifactId": first["id"]})
    assert created.status_code == 201, created.text
    workload = wait(api, created.json()["id"], lambda w: w["status"] == "running")
    return first, workload


def test_a_rolling_replacement_switches_processes_without_a_failed_request(
    api: Api, process_server: ServerHandle
) -> None:
    first, workload = running(api)
    second = version(api, "v2", first["artifactRepositoryId"])
    assert second["version"] == 2
    with Invoker(f"{workload['endpoint']}echo") as invoker:
        while len(invoker.answers) < 20:  # the old version answers first
            time.sleep(0.02)
        body = {
            "artifactId": second["id"],
            "strategy": "rolling",
            "config": {"warmupDurationMinutes": 1, "keepOldVersionMinutes": 2},
        }
        answer = api.post(f"/workloads/{workload['id']}/replacement", json=body)
        assert answer.status_code == 202, answer.text
        during = wait(api, workload["id"], lambda w: w["replacement"]["status"] != "submitted")
        assert during["status"] == "running" and during["artifactId"] == first["id"]
        done = wait(api, workload["id"], lambda w: w["replacement"] is None)
        served = len(invoker.answers)
        while len(invoker.answers) < served + 20:  # and the new one answers after
            time.sleep(0.02)
    print(
        f"\nrolling replacement in the process runtime: {invoker.sent} requests sent, "
        f"{len(invoker.failed)} failed"
    )
    assert invoker.failed == []
    assert invoker.sent >= 50, invoker.sent
    assert (done["id"], done["endpoint"]) == (workload["id"], workload["endpoint"])
    assert done["artifactId"] == second["id"] and done["status"] == "running"
    greetings = [greeting for greeting, _ in invoker.answers]
    assert greetings[0] == "v1" and greetings[-1] == "v2"
    switch = greetings.index("v2")
    assert set(greetings[switch:]) == {"v2"}, "traffic never goes back to the old version"
    old_pids = {pid for greeting, pid in invoker.answers if greeting == "v1"}
    assert len(old_pids) == 1
    assert _gone(old_pids.pop()), "the old process is drained after its keep-old time"
    history = api.get(f"/workloads/{workload['id']}/history").json()["data"]
    assert [item["status"] for item in history] == ["completed"]


def test_a_failed_replacement_leaves_the_old_process_serving(api: Api) -> None:
    first, workload = running(api)
    second = version(api, "v2", first["artifactRepositoryId"])
    planned = {"message": "injected: the candidate failed", "workloadId": workload["id"]}
    assert api.put("/__test__/replacement-failures", json=planned).status_code == 200
    with Invoker(f"{workload['endpoint']}echo") as invoker:
        body = {"artifactId": second["id"], "strategy": "rolling"}
        assert api.post(f"/workloads/{workload['id']}/replacement", json=body).status_code == 202
        failed = wait(api, workload["id"], lambda w: w["replacement"]["status"] == "errored")
        served = len(invoker.answers)
        while len(invoker.answers) < served + 10:
            time.sleep(0.02)
    assert invoker.failed == []
    assert failed["replacement"]["message"] == "injected: the candidate failed"
    assert failed["artifactId"] == first["id"] and failed["status"] == "running"
    assert {greeting for greeting, _ in invoker.answers} == {"v1"}


def test_a_candidate_that_crashes_fails_the_replacement_with_its_log(api: Api) -> None:
    first, workload = running(api)
    broken = container(
        entrypoint=[sys.executable, "-c", "import sys; print('bad config'); sys.exit(3)"]
    )
    body = {
        "name": "rolling",
        "status": "locked",
        "spec": spec(broken),
        "artifactRepositoryId": first["artifactRepositoryId"],
    }
    second = api.post("/artifacts/", json=body).json()
    answer = api.post(
        f"/workloads/{workload['id']}/replacement",
        json={"artifactId": second["id"], "strategy": "rolling"},
    )
    assert answer.status_code == 202, answer.text
    failed = wait(api, workload["id"], lambda w: w["replacement"]["status"] == "errored")
    assert "exited with code 3" in failed["replacement"]["message"]
    assert "bad config" in failed["replacement"]["message"]
    assert failed["artifactId"] == first["id"]
    reply = api.post(f"{workload['endpoint']}echo")
    assert reply.status_code == 200 and reply.json()["greeting"] == "v1"


def test_a_replacement_survives_a_server_restart(api: Api, process_server: ServerHandle) -> None:
    first, workload = running(api)
    second = version(api, "v2", first["artifactRepositoryId"])
    body = {
        "artifactId": second["id"],
        "strategy": "rolling",
        "config": {"warmupDurationMinutes": 4},
    }
    assert api.post(f"/workloads/{workload['id']}/replacement", json=body).status_code == 202
    wait(api, workload["id"], lambda w: w["replacement"]["status"] == "switching")
    process_server.restart()
    with httpx.Client(base_url=process_server.root_url, timeout=30) as http:
        again = Api(http, ALICE)
        done = wait(again, workload["id"], lambda w: w["replacement"] is None)
        assert done["artifactId"] == second["id"]
        endpoint = f"{process_server.base_url}/endpoints/workloads/{workload['id']}/echo"
        wait(again, workload["id"], lambda w: w["status"] == "running")
        reply = again.post(endpoint)
        assert reply.status_code == 200 and reply.json()["greeting"] == "v2"
