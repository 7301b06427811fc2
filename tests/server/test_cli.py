"""The `workload-api` command: options, the ready line, signals, and startup failures."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from workload_api_server.command.cli import build_parser

SCRIPT = Path(sys.executable).parent / "workload-api"


def _serve(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "workload_api_server", "serve", "--data-dir", str(tmp_path), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_help_explains_every_option() -> None:
    top = subprocess.run([SCRIPT, "--help"], capture_output=True, text=True, check=True)
    assert "serve" in top.stdout
    serve = subprocess.run([SCRIPT, "serve", "--help"], capture_output=True, text=True, check=True)
    for option in (
        "--host",
        "--port",
        "--data-dir",
        "--token",
        "--tokens-file",
        "--step-seconds",
        "--runtime",
        "--test-controls",
        "--log-level",
        "--access-log",
        "--allow-network-process-runtime",
        "--max-body-bytes",
        "--max-url-bytes",
        "--max-header-bytes",
        "--head-timeout",
        "--body-timeout",
        "--max-connections",
        "--max-log-bytes",
        "--dialect",
        "--rollout-minute-seconds",
        "--replacement-linger-seconds",
        "--draft-ttl-seconds",
        "examples:",
        "safety:",
        "Workload API ready at",
    ):
        assert option in serve.stdout, option


def test_defaults() -> None:
    arguments = build_parser().parse_args(["serve"])
    assert (arguments.host, arguments.port, arguments.step_seconds) == ("127.0.0.1", 8080, 1.0)
    assert arguments.data_dir == Path("./.state/workload-api")
    assert (arguments.runtime, arguments.test_controls, arguments.token) == ("simulated", False, [])
    assert arguments.access_log is False
    assert arguments.allow_network_process_runtime is False
    assert (arguments.max_body_bytes, arguments.max_log_bytes) == (10 * 1024**2, 10 * 1024**2)
    assert (arguments.max_url_bytes, arguments.max_header_bytes) == (8 * 1024, 64 * 1024)
    assert (arguments.head_timeout, arguments.body_timeout) == (10.0, 60.0)
    assert (arguments.dialect, arguments.rollout_minute_seconds) == ("both", 60.0)
    assert (arguments.replacement_linger_seconds, arguments.draft_ttl_seconds) == (1.0, 8 * 3600.0)


def test_sizes_take_binary_units() -> None:
    arguments = build_parser().parse_args(
        ["serve", "--max-body-bytes", "2m", "--max-url-bytes", "4K", "--max-log-bytes", "1GiB"]
    )
    assert arguments.max_body_bytes == 2 * 1024**2
    assert arguments.max_url_bytes == 4 * 1024
    assert arguments.max_log_bytes == 1024**3


@pytest.mark.parametrize(
    "args",
    [
        ["--port", "70000"],
        ["--step-seconds", "-1"],
        ["--runtime", "docker"],
        ["--max-body-bytes", "lots"],
        ["--max-body-bytes", "0"],
        ["--head-timeout", "0"],
        ["--max-connections", "-3"],
        ["--dialect", "newest"],
        ["--rollout-minute-seconds", "-1"],
        ["--draft-ttl-seconds", "soon"],
    ],
)
def test_invalid_options_are_rejected(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["serve", *args])
    assert exited.value.code == 2


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_ready_line_and_clean_shutdown(tmp_path: Path, signum: int) -> None:
    process = _serve(tmp_path, "--port", "0", "--token", "t1:me:editor")
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("Workload API ready at http://127.0.0.1:"), line
    url = line.removeprefix("Workload API ready at ").strip()
    assert url.endswith("/api/v2")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    assert port != 0
    response = httpx.get(f"{url}/registry/artifacts/", headers={"Authorization": "Bearer t1"})
    assert response.status_code == 200
    process.send_signal(signum)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert out == "", "the ready line is the only stdout output"
    assert "Traceback" not in err


def test_tokens_file(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps([{"token": "ro", "owner": "o", "role": "viewer"}]))
    tokens.chmod(0o600)
    process = _serve(tmp_path / "data", "--port", "0", "--tokens-file", str(tokens))
    assert process.stdout is not None
    try:
        url = process.stdout.readline().removeprefix("Workload API ready at ").strip()
        headers = {"Authorization": "Bearer ro"}
        assert httpx.get(f"{url}/console/workloads/", headers=headers).status_code == 200
        assert httpx.post(f"{url}/console/workloads/", headers=headers).status_code == 403
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_bad_token_exits_with_a_message(tmp_path: Path) -> None:
    process = _serve(tmp_path, "--port", "0", "--token", "missing-parts")
    out, err = process.communicate(timeout=20)
    assert process.returncode == 2
    assert "TOKEN:OWNER:ROLE" in err and out == ""


def test_port_in_use_exits_with_a_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _serve(tmp_path, "--port", str(taken.getsockname()[1]))
        out, err = process.communicate(timeout=20)
    assert process.returncode == 1
    assert "cannot listen" in err and out == ""


@pytest.mark.parametrize("flag", [(), ("--access-log",)])
def test_access_log_only_when_asked(tmp_path: Path, flag: tuple[str, ...]) -> None:
    process = _serve(tmp_path, "--port", "0", "--token", "t1:me:editor", *flag)
    assert process.stdout is not None
    url = process.stdout.readline().removeprefix("Workload API ready at ").strip()
    response = httpx.get(f"{url}/registry/artifacts/", headers={"Authorization": "Bearer t1"})
    assert response.status_code == 200
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    logged = "GET /api/v2/registry/artifacts/ HTTP/1.1" in err
    assert logged == bool(flag), err
