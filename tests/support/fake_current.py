"""A scripted Workload API in the current dialect, in fake time, behind a real client.

Just enough of it for the adapter and lifecycle tests: artifacts with repositories and
locking, workloads that run at once, and rolling replacements that complete after
`rollout_seconds` of fake time (then their record clears) or fail when `fail_next` says
so (the record stays, errored, with a message); workloads are listed by `ids`, as the
shared status poll asks. Every request is logged as "METHOD path".
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import httpx
from datarobot_workloads_provider.client.current import CurrentWorkloadApi

from tests.support.fake_api import ENDPOINT, FakeTime, fake_api

BASE = "/api/v2/"


class Refused(Exception):
    """A request the API refuses (409 unless `status` says)."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class FakeCurrentApi:
    def __init__(self, fake: FakeTime, *, rollout_seconds: float = 3.0) -> None:
        self.fake = fake
        self.rollout_seconds = rollout_seconds
        self.artifacts: dict[str, dict[str, Any]] = {}
        self.repositories: dict[str, int] = {}
        self.workloads: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self.bodies: list[Any] = []
        self.fail_next = ""  # the message of the next replacement's failure
        self.lose_next_answer = False  # the next POST acts, then answers 502
        self.lose_next_patch = False  # the next PATCH acts, then answers 502
        # Answers where DataRobot's descriptions disagree, the other way:
        self.delete_after = 0.0  # a workload DELETE answers 202; gone this much later
        self.delete_detail = "Deletion accepted."  # what that answer says
        self.delete_status = 0  # a workload DELETE answers this error, and nothing goes
        self.lock_gives_new_id = False  # locking answers a new locked artifact
        self.errored_clears = False  # an errored replacement record clears at once too
        # A replacement requested while one is active: "replace" it (this fake's old
        # shortcut), "refuse" it (409), or "queue" it (202; it begins after the active one).
        self.while_active = "replace"
        self.cross_status_code = 409  # what a draft<->locked replacement answers
        self.list_oldest_first = False  # the artifact list ignores `orderBy`: oldest first
        self.repository_delete_status = 0  # a repository DELETE answers this error
        self.list_ignores_ids = False  # the workload list reads no `ids`: all, paged by `next`
        self.history: dict[str, list[dict[str, Any]]] = {}  # settled records, oldest first
        self.locked_edit_status = 403  # what an edit of a locked artifact answers
        self._ids = 0

    # setup ---------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}{self._ids:023d}"

    def add_artifact(self, name: str, status: str = "draft", repository: str = "") -> str:
        repository = repository or self.new_id("r")
        self.repositories.setdefault(repository, 0)
        artifact_id = self.new_id("a")
        version = None
        if status == "locked":
            self.repositories[repository] += 1
            version = self.repositories[repository]
        self.artifacts[artifact_id] = {
            "id": artifact_id,
            "name": name,
            "status": status,
            "version": version,
            "artifactRepositoryId": repository,
            "type": "service",
            "spec": {"containerGroups": [{"name": "default", "containers": []}]},
            "createdAt": _now(),
        }
        return artifact_id

    def add_workload(self, artifact_id: str, replicas: int = 1) -> str:
        workload_id = self.new_id("w")
        self.workloads[workload_id] = {
            "id": workload_id,
            "name": "w",
            "artifactId": artifact_id,
            "status": "running",
            "importance": "low",
            "description": "",
            "endpoint": f"{ENDPOINT}/endpoints/workloads/{workload_id}/",
            "runtime": {"containerGroups": [{"name": "default", "replicaCount": replicas}]},
            "replacement": None,
            "createdAt": _now(),
        }
        return workload_id

    # the API --------------------------------------------------------------------------
    def _workload(self, workload_id: str) -> dict[str, Any]:
        """A workload as of now: a due replacement completes (and its record clears)."""
        workload = self.workloads[workload_id]
        pending = workload.get("_pending")
        if pending is not None and self.fake.now >= pending["due"]:
            record = workload["replacement"]
            del workload["_pending"]
            if pending["fail"]:
                record["status"] = "errored"
                record["message"] = pending["fail"]
                if self.errored_clears:
                    workload["replacement"] = None
            else:
                record["status"] = "completed"
                workload["artifactId"] = pending["artifactId"]
                if pending["runtime"] is not None:
                    workload["runtime"] = pending["runtime"]
                workload["replacement"] = None
            self.history.setdefault(workload_id, []).append(dict(record))
            queue = workload.get("_queue") or []
            if queue:
                queued, artifact_id, runtime, fail = queue.pop(0)
                self._begin(workload, queued, artifact_id, runtime, fail)
        return {k: v for k, v in workload.items() if not k.startswith("_")}

    def _replace(self, workload_id: str, artifact_id: str, runtime: Any) -> dict[str, Any]:
        workload = self.workloads[workload_id]
        statuses = {self.artifacts[a]["status"] for a in (workload["artifactId"], artifact_id)}
        if len(statuses) > 1:
            raise Refused(
                "A replacement swaps draft for draft or locked for locked, not across.",
                self.cross_status_code,
            )
        record = {
            "id": self.new_id("p"),
            "status": "initializing",
            "candidateArtifactId": artifact_id,
            "strategy": "rolling",
        }
        fail, self.fail_next = self.fail_next, ""
        if workload.get("_pending") is not None and self.while_active != "replace":
            if self.while_active == "refuse":
                raise Refused("A replacement is in progress; wait or delete it.")
            workload.setdefault("_queue", []).append((record, artifact_id, runtime, fail))
            return {**record, "status": "submitted"}
        self._begin(workload, record, artifact_id, runtime, fail)
        return record

    def _begin(
        self,
        workload: dict[str, Any],
        record: dict[str, Any],
        artifact_id: str,
        runtime: Any,
        fail: str,
    ) -> None:
        workload["replacement"] = record
        workload["_pending"] = {
            "due": self.fake.now + self.rollout_seconds,
            "artifactId": artifact_id,
            "runtime": runtime,
            "fail": fail,
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(BASE)
        method = request.method
        body = json.loads(request.content) if request.content else None
        self.requests.append(f"{method} {path}")
        self.bodies.append(body)
        answer = self._answer(method, path.strip("/").split("/"), body, request)
        if method == "POST" and self.lose_next_answer:
            self.lose_next_answer = False
            return httpx.Response(502, json={"detail": "bad gateway"})
        if method == "PATCH" and self.lose_next_patch:
            self.lose_next_patch = False
            return httpx.Response(502, json={"detail": "bad gateway"})
        return answer

    def _answer(
        self, method: str, parts: list[str], body: Any, request: httpx.Request
    ) -> httpx.Response:
        if parts[0] == "artifacts":
            return self._artifacts(method, parts[1:], body, request)
        if parts[0] == "workloads":
            return self._workloads(method, parts[1:], body, request)
        if parts[0] == "artifactRepositories" and len(parts) == 2:
            return self._repository(method, parts[1])
        return httpx.Response(404, json={"detail": "no such route"})

    def _artifacts(
        self, method: str, rest: list[str], body: Any, request: httpx.Request
    ) -> httpx.Response:
        if not rest and method == "GET":
            search = request.url.params.get("search", "")
            data = [a for a in self.artifacts.values() if search in a["name"]]
            data.sort(key=lambda a: a["id"], reverse=not self.list_oldest_first)
            return httpx.Response(200, json=_page(data))
        if not rest and method == "POST":
            repository = body.get("artifactRepositoryId") or ""
            artifact_id = self.add_artifact(body["name"], body.get("status", "draft"), repository)
            self.artifacts[artifact_id]["spec"] = body["spec"]
            return httpx.Response(201, json=self.artifacts[artifact_id])
        artifact = self.artifacts.get(rest[0])
        if artifact is None:
            return httpx.Response(404, json={"detail": "no such artifact"})
        if method == "GET":
            return httpx.Response(200, json=artifact)
        if method == "PATCH":
            if artifact["status"] == "locked":
                answer = {"detail": "a locked artifact is immutable"}
                return httpx.Response(self.locked_edit_status, json=answer)
            if body.get("status") == "locked" and self.lock_gives_new_id:
                repository = artifact["artifactRepositoryId"]
                copy_id = self.add_artifact(artifact["name"], "locked", repository)
                self.artifacts[copy_id]["spec"] = artifact["spec"]
                return httpx.Response(200, json=self.artifacts[copy_id])
            if body.get("status") == "locked":
                repository = artifact["artifactRepositoryId"]
                self.repositories[repository] += 1
                artifact["version"] = self.repositories[repository]
            artifact.update(body)
            return httpx.Response(200, json=artifact)
        if method == "DELETE":
            del self.artifacts[rest[0]]
            return httpx.Response(204)
        return httpx.Response(405, json={"detail": "method not allowed"})

    def _repository(self, method: str, repository_id: str) -> httpx.Response:
        if repository_id not in self.repositories:
            return httpx.Response(404, json={"detail": "no such repository"})
        if method == "GET":
            answer = {"id": repository_id, "lastVersionNumber": self.repositories[repository_id]}
            return httpx.Response(200, json=answer)
        if method == "DELETE":
            if self.repository_delete_status:
                answer = {"detail": "the repository holds locked artifacts"}
                return httpx.Response(self.repository_delete_status, json=answer)
            for artifact_id in [
                a for a, v in self.artifacts.items() if v["artifactRepositoryId"] == repository_id
            ]:
                del self.artifacts[artifact_id]
            del self.repositories[repository_id]
            return httpx.Response(204)
        return httpx.Response(405, json={"detail": "method not allowed"})

    def _workloads(
        self, method: str, rest: list[str], body: Any, request: httpx.Request
    ) -> httpx.Response:
        for gone in [
            i for i, w in self.workloads.items() if w.get("_gone_at", 1e18) <= self.fake.now
        ]:
            del self.workloads[gone]
        if not rest and method == "GET":
            if self.list_ignores_ids:
                return httpx.Response(200, json=self._all_workloads(request))
            repository = request.url.params.get("repositoryId")
            if repository is not None:
                data = [
                    self._workload(i)
                    for i, w in self.workloads.items()
                    if self.artifacts.get(w["artifactId"], {}).get("artifactRepositoryId")
                    == repository
                ]
                return httpx.Response(200, json=_page(data))
            ids = request.url.params.get_list("ids")
            data = [self._workload(i) for i in ids if i in self.workloads]
            return httpx.Response(200, json=_page(data))
        if not rest and method == "POST":
            workload_id = self.add_workload(body["artifactId"])
            self.workloads[workload_id].update(body)
            return httpx.Response(201, json=self._workload(workload_id))
        if rest[0] not in self.workloads:
            return httpx.Response(404, json={"detail": "no such workload"})
        workload_id, action = rest[0], (rest[1] if len(rest) > 1 else "")
        if method == "GET" and not action:
            return httpx.Response(200, json=self._workload(workload_id))
        if method == "GET" and action == "history":
            self._workload(workload_id)
            settled = list(reversed(self.history.get(workload_id, [])))
            return httpx.Response(200, json=_page(settled))
        if method == "PATCH" and not action:
            self.workloads[workload_id].update(body)
            return httpx.Response(200, json=self._workload(workload_id))
        if method == "POST" and action in ("start", "stop"):
            status = "running" if action == "start" else "stopped"
            self.workloads[workload_id]["status"] = status
            answer = {"status": f"{action} requested", "workloadId": workload_id}
            return httpx.Response(202, json={**answer, "trackVia": f"/workloads/{workload_id}"})
        if method == "POST" and action == "replacement":
            try:
                record = self._replace(workload_id, body["artifactId"], body.get("runtime"))
            except Refused as refused:
                return httpx.Response(refused.status, json={"detail": str(refused)})
            return httpx.Response(202, json=record)
        if method == "PATCH" and action == "settings":
            current = self._workload(workload_id)
            if current["replacement"] and current["replacement"]["status"] != "errored":
                return httpx.Response(409, json={"detail": "a replacement is active"})
            record = self._replace(workload_id, current["artifactId"], body["runtime"])
            return httpx.Response(202, json=record)
        if method == "DELETE" and not action:
            if self.delete_status:
                return httpx.Response(self.delete_status, json={"detail": "protons not stopped"})
            if self.delete_after:
                self.workloads[workload_id]["_gone_at"] = self.fake.now + self.delete_after
                return httpx.Response(202, json={"detail": self.delete_detail})
            del self.workloads[workload_id]
            return httpx.Response(204)
        return httpx.Response(405, json={"detail": "method not allowed"})

    def _all_workloads(self, request: httpx.Request) -> dict[str, Any]:
        """Every workload, a page at a time (`limit`, default 10), with `next` links."""
        offset = int(request.url.params.get("offset", "0"))
        limit = int(request.url.params.get("limit", "10"))
        every = list(self.workloads)
        data = [self._workload(i) for i in every[offset : offset + limit]]
        more = offset + limit < len(every)
        following = f"{ENDPOINT}/workloads/?offset={offset + limit}&limit={limit}"
        page = _page(data)
        page.update(next=following if more else None, totalCount=len(every))
        return page

    def api(self) -> CurrentWorkloadApi:
        generic = fake_api(self.handle, self.fake, dialect="current")
        return CurrentWorkloadApi(generic.settings, transport=generic.transport)


def _now() -> str:
    """Real time: the lost-answer check compares createdAt with the client's clock."""
    return datetime.now(timezone.utc).isoformat()


def _page(data: list[dict[str, Any]]) -> dict[str, Any]:
    return {"count": len(data), "next": None, "previous": None, "data": data, "totalCount": 0}
