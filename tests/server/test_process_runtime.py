"""The process runtime with a tiny real HTTP app: readiness, forwarding, stats, stop, crashes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from workload_api_server.launcher import running_server

from tests.server.helpers import ALICE, TOKEN_SPECS, Api, artifact_body, container, spec

# A small app: echoes what it received, 404 on /missing, dies on /crash.
APP = r"""
import http.server, json, os, sys
print("tiny app starting", flush=True)
class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        if self.path.startswith("/crash"):
            print("crashing now", flush=True)
            os._exit(3)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.dumps({
            "method": self.command,
            "path": self.path,
            "prefix": self.headers.get("X-Forwarded-Prefix"),
            "authorization": self.headers.get("Authorization"),
            "greeting": os.environ.get("GREETING"),
            "cwd": os.getcwd(),
            "pid": os.getpid(),
            "body": self.rfile.read(length).decode(),
        }).encode()
        self.send_response(404 if self.path.startswith("/missing") else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-App", "tiny")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = do_DELETE = _answer
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"""

CRASHING = (
    "import sys; print('loading config', flush=True); print('fatal: bad config'); sys.exit(3)"
)


def _artifact(entrypoint: list[str] | None, **extra: Any) -> dict[str, Any]:
    primary = container(environmentVars=[{"name": "GREETING", "value": "hi"}], **extra)
    if entrypoint is not None:
        primary["entrypoint"] = entrypoint
    return artifact_body(spec=spec(primary))


def wait_for(api: Api, workload_id: str, wanted: set[str], timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        workload = dict(api.get(f"/console/workloads/{workload_id}/").json())
        if workload["status"] in wanted or time.monotonic() > deadline:
            assert workload["status"] in wanted, workload
            return workload
        time.sleep(0.05)


def _gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # A zombie of ours still answers kill(0); it is gone once its state is Z or absent.
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def process_api(make_client: Any, tmp_path: Path) -> Api:
    return Api(make_client(runtime="process", data_dir=tmp_path / "proc"), ALICE)


def test_app_runs_and_receives_forwarded_requests(process_api: Api, tmp_path: Path) -> None:
    body = _artifact([sys.executable, "-c", APP], readinessProbe={"path": "/health"})
    workload = process_api.workload(artifact=body)
    wid = workload["id"]
    assert workload["status"] == "submitted"
    wait_for(process_api, wid, {"running"})
    response = process_api.post(f"/endpoints/workloads/{wid}/hello/world?q=1", content=b"ping")
    assert response.status_code == 200
    assert response.headers["x-app"] == "tiny"
    seen = response.json()
    assert seen["method"] == "POST"
    assert seen["path"] == "/hello/world?q=1"
    assert seen["prefix"] == f"/api/v2/endpoints/workloads/{wid}"
    assert seen["authorization"] is None, "the API token is not passed to the app"
    assert seen["greeting"] == "hi"
    assert seen["body"] == "ping"
    assert Path(seen["cwd"]) == (tmp_path / "proc" / "workloads" / wid).resolve()
    assert process_api.get(f"/endpoints/workloads/{wid}").json()["path"] == "/"


def test_deployment_forwarding_and_stats(process_api: Api) -> None:
    artifact = process_api.artifact(**_artifact([sys.executable, "-c", APP]), status="registered")
    workload = process_api.workload(artifact["id"])
    deployment = process_api.deployment(workload["id"])
    wait_for(process_api, workload["id"], {"running"})
    base = f"/endpoints/deployments/{deployment['id']}"
    seen = process_api.get(f"{base}/x").json()
    assert seen["prefix"] == f"/api/v2/endpoints/deployments/{deployment['id']}"
    assert seen["path"] == "/x"
    assert process_api.get(f"{base}/missing").status_code == 404
    stats = process_api.get(f"/console/deployments/{deployment['id']}/stats/").json()["metrics"]
    assert stats["totalRequests"] == 2
    assert stats["userErrors"] == 1 and stats["userErrorRate"] == 0.5
    assert stats["serverErrors"] == 0


def test_stop_and_delete_end_the_process(process_api: Api) -> None:
    first = process_api.workload(artifact=_artifact([sys.executable, "-c", APP]))
    wait_for(process_api, first["id"], {"running"})
    pid = process_api.get(f"/endpoints/workloads/{first['id']}/").json()["pid"]
    assert process_api.post(f"/console/workloads/{first['id']}/stop").status_code == 202
    assert _gone(pid)
    wait_for(process_api, first["id"], {"stopped"})
    assert process_api.post(f"/console/workloads/{first['id']}/start").status_code == 202
    wait_for(process_api, first["id"], {"running"})
    new_pid = process_api.get(f"/endpoints/workloads/{first['id']}/").json()["pid"]
    assert new_pid != pid
    assert process_api.delete(f"/console/workloads/{first['id']}/").status_code == 204
    assert _gone(new_pid)


def test_a_crashing_app_becomes_errored_with_its_output(process_api: Api) -> None:
    workload = process_api.workload(artifact=_artifact([sys.executable, "-c", CRASHING]))
    errored = wait_for(process_api, workload["id"], {"errored"})
    details = errored["statusDetails"]
    assert "exited with code 3" in details["message"]
    assert details["logTail"] == ["loading config", "fatal: bad config"]
    time.sleep(0.1)
    assert wait_for(process_api, workload["id"], {"errored"})["statusDetails"] == details


def test_a_crash_while_running(process_api: Api) -> None:
    workload = process_api.workload(artifact=_artifact([sys.executable, "-c", APP]))
    wait_for(process_api, workload["id"], {"running"})
    assert process_api.get(f"/endpoints/workloads/{workload['id']}/crash").status_code == 502
    errored = wait_for(process_api, workload["id"], {"errored"})
    assert errored["statusDetails"]["logTail"][-1] == "crashing now"
    assert process_api.get(f"/endpoints/workloads/{workload['id']}/").status_code == 503
    restarted = process_api.post(f"/console/workloads/{workload['id']}/start")
    assert restarted.status_code == 202
    wait_for(process_api, workload["id"], {"running"})


@pytest.mark.parametrize(
    ("entrypoint", "message"),
    [(None, "no entrypoint"), (["/nonexistent/binary"], "could not be started")],
)
def test_unstartable_workloads_are_errored(
    process_api: Api, entrypoint: list[str] | None, message: str
) -> None:
    workload = process_api.workload(artifact=_artifact(entrypoint))
    errored = wait_for(process_api, workload["id"], {"errored"})
    assert message in errored["statusDetails"]["message"]


def test_not_ready_until_the_probe_passes(process_api: Api) -> None:
    slow = "import time; time.sleep(1.0)\n" + APP
    workload = process_api.workload(artifact=_artifact([sys.executable, "-c", slow]))
    assert wait_for(process_api, workload["id"], {"initializing", "running"})["status"] == (
        "initializing"
    )
    wait_for(process_api, workload["id"], {"running"})


def test_scaled_to_zero_runs_nothing(process_api: Api) -> None:
    workload = process_api.workload(
        artifact=_artifact([sys.executable, "-c", CRASHING]), runtime={"replicaCount": 0}
    )
    wait_for(process_api, workload["id"], {"running"})
    assert process_api.get(f"/endpoints/workloads/{workload['id']}/").status_code == 503


def test_restart_relaunches_and_shutdown_ends_children(tmp_path: Path) -> None:
    with running_server(tmp_path, runtime="process", tokens=TOKEN_SPECS) as server:
        with httpx.Client(base_url=server.root_url, timeout=30) as http:
            api = Api(http, ALICE)
            wid = api.workload(artifact=_artifact([sys.executable, "-c", APP]))["id"]
            wait_for(api, wid, {"running"})
            pid = api.get(f"/endpoints/workloads/{wid}/").json()["pid"]
            server.restart()
            assert _gone(pid), "a clean shutdown ends workload processes"
            wait_for(api, wid, {"running"})
            second = api.get(f"/endpoints/workloads/{wid}/").json()["pid"]
            assert second != pid
            server.kill()
            assert _gone(second), "a workload process outlived the SIGKILLed server"
            server.restart()
            wait_for(api, wid, {"running"})
            third = api.get(f"/endpoints/workloads/{wid}/").json()["pid"]
        assert server.stop() == 0
        assert _gone(third)
