"""What a workload's process gets from the server and how it ends: a minimal environment,
a capped log, and no process left running after the server dies, however it dies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from workload_api_server.launcher import running_server
from workload_api_server.runtime.leftovers import (
    RECORD_FILE,
    end_leftovers,
    leftover_pids,
    process_info,
    write_record,
)
from workload_api_server.runtime.output import DROPPED_MARKER, LOG_FILE
from workload_api_server.runtime.spawning import INHERITED_VARIABLES, child_environment

from tests.server.helpers import ALICE, TOKEN_SPECS, Api, artifact_body, container, spec
from tests.server.test_process_runtime import APP, _gone, wait_for

# Writes its environment to env.json in its folder, then serves like APP.
ENV_DUMP = "import json, os; json.dump(dict(os.environ), open('env.json', 'w'))\n" + APP
# Prints far more than the log may hold, then serves; the last line tells where it ended.
CHATTY = (
    "import sys\n"
    "for i in range(20000): print(f'line {i:05d} ' + 'x' * 60)\n"
    "print('last words', flush=True)\n"
) + APP
# Starts a grandchild in the same session (as a shell script's `&` would), then serves.
PARENT_OF_SLEEPER = (
    "import subprocess, sys\n"
    "sleeper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
    "open('sleeper.pid', 'w').write(str(sleeper.pid))\n"
) + APP


# Answers GET /<n> with n bytes.
SIZED = r"""
import http.server, os
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        size = int(self.path.strip("/") or 0)
        self.send_response(200)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.write(b"z" * size)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"""


def _artifact(code: str, **variables: str) -> dict[str, Any]:
    declared = [{"name": name, "value": value} for name, value in variables.items()]
    primary = container(entrypoint=[sys.executable, "-c", code], environmentVars=declared)
    return artifact_body(spec=spec(primary))


def test_child_environment_is_built_not_inherited() -> None:
    source = {"PATH": "/bin", "HOME": "/home/me", "LANG": "C.UTF-8", "AWS_SECRET": "s"}
    env = child_environment({"GREETING": "hi", "PATH": "/opt/bin"}, 4321, source)
    assert env == {"PATH": "/opt/bin", "HOME": "/home/me", "LANG": "C.UTF-8", "GREETING": "hi"} | {
        "PORT": "4321"
    }
    assert child_environment({"PORT": "1"}, 2, {})["PORT"] == "2"
    assert child_environment({}, 2, {})["PATH"] == os.defpath


def test_a_child_cannot_see_the_servers_environment(
    make_client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVER_ONLY_SECRET", "do-not-leak")
    monkeypatch.setenv("DATAROBOT_API_TOKEN", "not-for-workloads")
    api = Api(make_client(runtime="process", data_dir=tmp_path / "p"), ALICE)
    workload = api.workload(artifact=_artifact(ENV_DUMP, GREETING="hi"))
    wait_for(api, workload["id"], {"running"})
    seen = json.loads((tmp_path / "p" / "workloads" / workload["id"] / "env.json").read_text())
    assert "SERVER_ONLY_SECRET" not in seen and "DATAROBOT_API_TOKEN" not in seen
    assert seen["GREETING"] == "hi" and seen["PORT"].isdigit()
    assert set(seen) <= {*INHERITED_VARIABLES, "GREETING", "PORT"}, sorted(seen)
    # Python may coerce a C locale through LC_CTYPE; nothing else appears on its own.
    assert seen["PATH"] == os.environ.get("PATH", os.defpath)


def test_the_log_is_capped_and_keeps_the_latest_output(make_client: Any, tmp_path: Path) -> None:
    cap = 64 * 1024
    api = Api(make_client(runtime="process", data_dir=tmp_path / "p", max_log_bytes=cap), ALICE)
    workload = api.workload(artifact=_artifact(CHATTY))
    wait_for(api, workload["id"], {"running"})
    log = tmp_path / "p" / "workloads" / workload["id"] / LOG_FILE
    deadline = time.monotonic() + 10
    while b"last words" not in log.read_bytes() and time.monotonic() < deadline:
        time.sleep(0.05)
    content = log.read_bytes()
    assert len(content) <= cap
    assert content.startswith(DROPPED_MARKER)
    assert content.rstrip().endswith(b"last words\ntiny app starting")
    assert b"line 19999 " in content and b"line 00000 " not in content
    # Whole lines only after the marker.
    assert content[len(DROPPED_MARKER) :].startswith(b"line ")


def test_each_start_begins_a_new_log(make_client: Any, tmp_path: Path) -> None:
    api = Api(make_client(runtime="process", data_dir=tmp_path / "p"), ALICE)
    crash = "import os, sys; print('run', os.getpid(), flush=True); sys.exit(3)"
    wid = api.workload(artifact=_artifact(crash))["id"]
    first = wait_for(api, wid, {"errored"})["statusDetails"]["logTail"]
    assert api.post(f"/console/workloads/{wid}/start").status_code == 202
    deadline = time.monotonic() + 20
    while (again := wait_for(api, wid, {"errored"})["statusDetails"]["logTail"]) == first:
        assert time.monotonic() < deadline, "the second start never ended"
        time.sleep(0.05)
    assert len(first) == len(again) == 1 and first[0].startswith("run ") and again[0] != first[0]
    log = (tmp_path / "p" / "workloads" / wid / LOG_FILE).read_text()
    assert log.splitlines() == again


def test_children_end_with_a_killed_server_and_their_own_children_at_the_next_start(
    tmp_path: Path,
) -> None:
    with running_server(tmp_path, runtime="process", tokens=TOKEN_SPECS) as server:
        with httpx.Client(base_url=server.root_url, timeout=30) as http:
            api = Api(http, ALICE)
            wid = api.workload(artifact=_artifact(PARENT_OF_SLEEPER))["id"]
            wait_for(api, wid, {"running"})
            leader = api.get(f"/endpoints/workloads/{wid}/").json()["pid"]
            sleeper = int((tmp_path / "workloads" / wid / "sleeper.pid").read_text())
            assert (tmp_path / "workloads" / wid / RECORD_FILE).exists()

            server.kill()
            # The kernel ends the workload's process with the server (parent-death signal).
            assert _gone(leader), "the workload's process outlived a SIGKILLed server"
            # Its own child is beyond that signal; the next server ends it before serving.
            assert not _gone(sleeper, timeout=0.5)
            server.restart()
            assert _gone(sleeper, timeout=5), "the next start left a workload process running"
            wait_for(api, wid, {"running"})
            relaunched = api.get(f"/endpoints/workloads/{wid}/").json()["pid"]
            assert relaunched != leader
        assert server.stop() == 0
        assert _gone(relaunched)


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True
    )


def test_a_reused_pid_is_not_killed(tmp_path: Path) -> None:
    workdir = tmp_path / "workloads" / "w1"
    workdir.mkdir(parents=True)
    stranger = _sleeper()
    try:
        info = process_info(stranger.pid)
        assert info is not None
        # A record naming this pid with another start time: the pid was reused since.
        (workdir / RECORD_FILE).write_text(f"{stranger.pid} {info.start_ticks - 1}\n")
        assert leftover_pids(tmp_path / "workloads") == []
        assert end_leftovers(tmp_path / "workloads") == 0
        assert stranger.poll() is None, "an unrelated process was killed"
        assert not (workdir / RECORD_FILE).exists(), "the stale record is dropped"
    finally:
        stranger.kill()
        stranger.wait()


def test_a_recorded_process_is_ended(tmp_path: Path) -> None:
    workdir = tmp_path / "workloads" / "w1"
    workdir.mkdir(parents=True)
    ours = _sleeper()
    try:
        write_record(workdir, ours.pid)
        assert leftover_pids(tmp_path / "workloads") == [ours.pid]
        assert end_leftovers(tmp_path / "workloads") == 1
        assert ours.wait(timeout=10) == -signal.SIGKILL
    finally:
        if ours.poll() is None:
            ours.kill()
            ours.wait()


def test_an_answer_over_the_body_limit_is_not_relayed(make_client: Any, tmp_path: Path) -> None:
    limit = 64 * 1024
    api = Api(make_client(runtime="process", data_dir=tmp_path / "p", max_body_bytes=limit), ALICE)
    wid = api.workload(artifact=_artifact(SIZED))["id"]
    wait_for(api, wid, {"running"})
    assert len(api.get(f"/endpoints/workloads/{wid}/{limit}").content) == limit
    refused = api.get(f"/endpoints/workloads/{wid}/{limit + 1}")
    assert refused.status_code == 502
    assert refused.json() == {"message": f"The workload's answer is larger than {limit} bytes."}
