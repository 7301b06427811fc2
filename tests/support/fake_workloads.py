"""One workload that moves through its statuses in fake time, behind a real API client.

The status follows from the last start or stop and the fake clock, the way the local
server computes it (one `step` per transition), so waits, start/stop and restarts run
against real client code and finish in no time, and a test can assert every pause.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from datarobot_workloads_provider.client import WorkloadApi

from tests.support.fake_api import FakeTime, fake_api

WORKLOAD_ID = "w" * 24
PATH = f"/api/v2/console/workloads/{WORKLOAD_ID}/"

# A workload's inputs as its check leaves them, for one replica (what FakeWorkload runs).
WORKLOAD_INPUTS: dict[str, Any] = {
    "name": "w",
    "artifact_id": "a" * 24,
    "runtime": {"replica_count": 1},
    "desired_status": "running",
    "artifact_revision": "r1",
    "start_timeout_seconds": 60.0,
}


class FakeWorkload:
    def __init__(self, fake: FakeTime, *, step: float = 1.0, status: str = "running") -> None:
        self.fake = fake
        self.step = step
        self.phase = "stopping" if status in ("stopping", "stopped") else "starting"
        # Already at `status` at time 0: started (or stopped) long enough ago.
        ago = {"submitted": 0.0, "initializing": step, "stopping": 0.0}.get(status, 10 * step)
        self.since = fake.now - ago
        self.errored = status == "errored"
        self.requests: list[str] = []
        self.lose_answers = 0  # POST start/stop: 502 after acting
        self.fail_actions = 0  # POST start/stop: 502 before acting

    @property
    def status(self) -> str:
        if self.errored:
            return "errored"
        elapsed = self.fake.now - self.since
        if self.phase == "stopping":
            return "stopping" if elapsed < self.step else "stopped"
        if elapsed < self.step:
            return "submitted"
        return "initializing" if elapsed < 2 * self.step else "running"

    def body(self) -> dict[str, Any]:
        return {
            "id": WORKLOAD_ID,
            "name": "w",
            "artifactId": "a" * 24,
            "runtime": {"replicaCount": 1},
            "status": self.status,
            "statusDetails": {"message": "boom", "logTail": ["line 1"]} if self.errored else None,
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests.append(f"{request.method} {path.removeprefix(PATH) or '/'}")
        if request.method == "GET" and path == PATH:
            return httpx.Response(200, json=self.body())
        if request.method == "POST" and path in (PATH + "start", PATH + "stop"):
            if self.fail_actions:
                self.fail_actions -= 1
                return httpx.Response(502, json={"message": "bad gateway"})
            self.phase = "starting" if path.endswith("start") else "stopping"
            self.since = self.fake.now
            self.errored = False
            if self.lose_answers:
                self.lose_answers -= 1
                return httpx.Response(502, json={"message": "bad gateway"})
            return httpx.Response(202, content=json.dumps(self.body()))
        return httpx.Response(404, json={"message": f"no route {request.method} {path}"})

    def api(self) -> WorkloadApi:
        return fake_api(self.handle, self.fake)
