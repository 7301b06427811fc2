"""Objects and statuses survive restarts (clean and SIGKILL) of the real server process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from workload_api_server.launcher import ServerHandle, running_server

from tests.server.helpers import ALICE, BOB, TOKEN_SPECS, Api


def _api(server: ServerHandle, token: str = ALICE) -> Api:
    return Api(httpx.Client(base_url=server.root_url, timeout=30), token)


def _snapshot(api: Api, ids: dict[str, str]) -> dict[str, Any]:
    """Everything a client can read, minus the one field that is 'now'."""
    seen: dict[str, Any] = {}
    for name, object_id in ids.items():
        collection = {
            "a": "/registry/artifacts/",
            "w": "/console/workloads/",
            "d": "/console/deployments/",
        }[name[0]]
        response = api.get(f"{collection}{object_id}/")
        seen[name] = response.json() if response.status_code == 200 else response.status_code
    for collection in ("/registry/artifacts/", "/console/workloads/", "/console/deployments/"):
        seen[collection] = api.get(f"{collection}?sort=name").json()
    stats = api.get(f"/console/deployments/{ids['d_live']}/stats/").json()
    stats["period"].pop("end")
    seen["stats"] = stats
    seen["bob"] = api.as_token(BOB).get("/registry/artifacts/").json()
    return seen


def test_everything_survives_restarts(tmp_path: Path) -> None:
    ids: dict[str, str] = {}
    with running_server(tmp_path, step_seconds=0, tokens=TOKEN_SPECS) as first:
        api = _api(first)
        ids["a_draft"] = api.artifact(name="draft")["id"]
        ids["a_registered"] = api.artifact(name="reg", status="registered")["id"]
        gone = api.artifact(name="gone", status="registered")
        api.delete(f"/registry/artifacts/{gone['id']}/")
        ids["a_deleted"] = gone["id"]
        ids["w_running"] = api.workload(ids["a_draft"], name="running")["id"]
        ids["w_stopped"] = api.workload(ids["a_draft"], name="stopped")["id"]
        api.post(f"/console/workloads/{ids['w_stopped']}/stop")
        ids["w_errored"] = api.workload(ids["a_draft"], name="errored")["id"]
        api.client.post(
            f"/__test__/workloads/{ids['w_errored']}/error",
            json={"message": "boom", "logTail": ["last words"]},
        )
        ids["w_deleted"] = api.workload(ids["a_draft"], name="deleted")["id"]
        api.delete(f"/console/workloads/{ids['w_deleted']}/")
        ids["w_deployed"] = api.workload(ids["a_registered"], name="deployed")["id"]
        ids["d_live"] = api.deployment(ids["w_deployed"], name="live")["id"]
        ids["d_deleted"] = api.deployment(ids["w_deployed"], name="gone")["id"]
        api.delete(f"/console/deployments/{ids['d_deleted']}/")
        for path in ("/", "/a", "/b"):
            assert api.get(f"/endpoints/deployments/{ids['d_live']}{path}").status_code == 200
        api.as_token(BOB).artifact(name="bobs")

    # Same data directory, long steps: workloads caught mid-transition stay there.
    with running_server(tmp_path, step_seconds=600, tokens=TOKEN_SPECS) as second:
        api = _api(second)
        ids["w_submitted"] = api.workload(ids["a_draft"], name="submitted")["id"]
        ids["w_stopping"] = api.workload(ids["a_draft"], name="stopping")["id"]
        api.post(f"/console/workloads/{ids['w_stopping']}/stop")

        before = _snapshot(api, ids)
        statuses = {
            name: value["status"] if isinstance(value, dict) else value
            for name, value in before.items()
            if name.startswith("w_")
        }
        assert statuses == {
            "w_running": "running",
            "w_stopped": "stopped",
            "w_errored": "errored",
            "w_deleted": 404,
            "w_deployed": "running",
            "w_submitted": "submitted",
            "w_stopping": "stopping",
        }
        assert before["w_deleted"] == 404 and before["a_deleted"] == 404
        assert before["d_deleted"] == 404
        assert before["w_errored"]["statusDetails"] == {
            "message": "boom",
            "logTail": ["last words"],
        }
        assert before["stats"]["metrics"]["totalRequests"] == 3

        second.restart()
        assert _snapshot(api, ids) == before

        second.kill()  # a crash: no clean shutdown, nothing lost
        second.restart()
        assert _snapshot(api, ids) == before

        # Version history survived too: "gone" was version 1, deleted; the next is 2.
        assert api.artifact(name="gone", status="registered")["version"] == 2
