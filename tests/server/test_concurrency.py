"""Concurrent writers against the real server: no lost or corrupted writes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.server.helpers import Api, artifact_body

THREADS = 50


def test_fifty_concurrent_writers_lose_nothing(live_api: Api) -> None:
    base = live_api.client.base_url
    headers = {"Authorization": f"Bearer {live_api.token}"}
    shared = live_api.artifact(name="shared")

    def work(index: int) -> tuple[str, int, int]:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            created = http.post(
                "/api/v2/registry/artifacts/", json=artifact_body(name=f"a-{index:02d}")
            )
            patched = http.patch(
                f"/api/v2/registry/artifacts/{shared['id']}/",
                json={"description": f"writer {index}"},
            )
            workload = http.post(
                "/api/v2/console/workloads/", json={"artifactId": created.json()["id"]}
            )
            return created.json()["id"], patched.status_code, workload.status_code

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))

    assert all(patched == 200 and workload == 201 for _, patched, workload in results)
    created_ids = {artifact_id for artifact_id, _, _ in results}
    assert len(created_ids) == THREADS
    listed = live_api.get("/registry/artifacts/?search=a-&limit=100").json()
    assert listed["totalCount"] == THREADS
    assert {item["id"] for item in listed["data"]} == created_ids
    assert live_api.get("/console/workloads/?limit=100").json()["totalCount"] == THREADS
    description = live_api.get(f"/registry/artifacts/{shared['id']}/").json()["description"]
    assert description.startswith("writer ")


def test_concurrent_registrations_get_distinct_versions(live_api: Api) -> None:
    drafts = [live_api.artifact(name="same")["id"] for _ in range(20)]
    base = live_api.client.base_url
    headers = {"Authorization": f"Bearer {live_api.token}"}

    def register(artifact_id: str) -> int:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            response = http.patch(
                f"/api/v2/registry/artifacts/{artifact_id}/", json={"status": "registered"}
            )
            return int(response.json()["version"])

    with ThreadPoolExecutor(20) as pool:
        versions = sorted(pool.map(register, drafts))
    assert versions == list(range(1, 21))
