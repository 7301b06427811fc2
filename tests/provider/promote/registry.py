"""An in-memory Workload API for promote's unit tests: a real client, answers from dicts.

Objects are stored in wire form (camelCase), as the API answers them, so the client's
models parse them exactly as they parse the server's. Only GETs are answered unless
`deletes` allows DELETE: whatever promote's resolution, gates and verification do
before `up` must be reads. Every other method is logged in `writes` and refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from datarobot_workloads_provider.client import WorkloadApi

from tests.support.fake_api import FakeTime, fake_api

IMAGE = "registry.example.com/churn-model"


@dataclass
class Registry:
    artifacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    workloads: dict[str, dict[str, Any]] = field(default_factory=dict)
    deployments: dict[str, dict[str, Any]] = field(default_factory=dict)
    server_errors: dict[str, int] = field(default_factory=dict)
    writes: list[str] = field(default_factory=list)
    deletes: bool = False

    def artifact(
        self, artifact_id: str, version: int | None, *, status: str = "registered", tag: str = ""
    ) -> dict[str, Any]:
        body = {
            "id": artifact_id,
            "name": "churn-model",
            "status": status,
            "version": version,
            "spec": {
                "containerGroups": [
                    {"containers": [{"name": "model", "imageUri": f"{IMAGE}:{tag or version}"}]}
                ]
            },
            "createdAt": "2026-01-01T10:00:00Z",
            "registeredAt": "2026-01-01T11:00:00Z" if status == "registered" else None,
        }
        self.artifacts[artifact_id] = body
        return body

    def workload(
        self, workload_id: str, artifact_id: str, *, status: str = "running"
    ) -> dict[str, Any]:
        body = {
            "id": workload_id,
            "name": "model-1234567",
            "artifactId": artifact_id,
            "status": status,
            "createdAt": "2026-01-01T12:00:00Z",
        }
        self.workloads[workload_id] = body
        return body

    def deployment(self, deployment_id: str, workload_id: str) -> dict[str, Any]:
        body = {"id": deployment_id, "name": "model-7654321", "workloadId": workload_id}
        self.deployments[deployment_id] = body
        return body

    def handle(self, request: httpx.Request) -> httpx.Response:
        parts = [p for p in request.url.path.split("/") if p][2:]  # drop api/v2
        if request.method != "GET":
            self.writes.append(f"{request.method} {request.url.path}")
            if request.method == "DELETE" and self.deletes and len(parts) == 3:
                for store in (self.artifacts, self.workloads, self.deployments):
                    if store.pop(parts[2], None) is not None:
                        return httpx.Response(204)
            return httpx.Response(405, json={"message": "read-only fake"})
        collections = {
            ("registry", "artifacts"): self.artifacts,
            ("console", "workloads"): self.workloads,
            ("console", "deployments"): self.deployments,
        }
        store = collections.get((parts[0], parts[1])) if len(parts) >= 2 else None
        if store is None:
            return httpx.Response(404, json={"message": "unknown path"})
        if len(parts) == 2:
            data = list(store.values())
            return httpx.Response(200, json={"count": len(data), "data": data, "next": None})
        found = store.get(parts[2])
        if found is None:
            return httpx.Response(404, json={"message": "not found"})
        if len(parts) == 4 and parts[3] == "stats":
            errors = self.server_errors.get(parts[2], 0)
            return httpx.Response(
                200, json={"deploymentId": parts[2], "metrics": {"serverErrors": errors}}
            )
        return httpx.Response(200, json=found)

    def api(self, fake: FakeTime | None = None) -> WorkloadApi:
        return fake_api(self.handle, fake or FakeTime())
