"""Bounded under abuse, over real sockets: body size, URL and header size, slow clients.

One server with small limits for the module: bodies over 1 MiB, a head that takes over a
second, a body that takes over two.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from workload_api_server.launcher import ServerHandle, running_server

from tests.server.helpers import ALICE, TOKEN_SPECS, artifact_body

MAX_BODY = 1024 * 1024
HEAD_TIMEOUT = 1.0
# uvloop keeps its timers on libuv's millisecond clock, so a timer may fire up to a
# millisecond before this process's own clock says its time is up.
LOOP_CLOCK = 0.002
BODY_TIMEOUT = 2.0
HUNDRED_MB = 100 * 1024 * 1024
AUTH = {"Authorization": f"Bearer {ALICE}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    limits = [
        "--max-body-bytes",
        str(MAX_BODY),
        "--head-timeout",
        str(HEAD_TIMEOUT),
        "--body-timeout",
        str(BODY_TIMEOUT),
    ]
    data = tmp_path_factory.mktemp("limits")
    with running_server(data, tokens=TOKEN_SPECS, extra_args=limits) as handle:
        yield handle


def _memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (the most it has ever been), in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0])
    return values


def _megabytes(total: int) -> Iterator[bytes]:
    chunk = b"x" * (1024 * 1024)
    for _ in range(total // len(chunk)):
        yield chunk


def _artifacts(server: ServerHandle) -> str:
    return f"{server.base_url}/registry/artifacts/"


def _still_serves(server: ServerHandle) -> None:
    assert httpx.get(_artifacts(server), headers=AUTH, timeout=10).status_code == 200


def test_a_100_mb_body_gets_413_without_the_server_holding_it(server: ServerHandle) -> None:
    before = _memory_kib(server.process.pid)
    declared = {**AUTH, "Content-Length": str(HUNDRED_MB)}
    started = time.monotonic()
    response = httpx.post(
        _artifacts(server), content=_megabytes(HUNDRED_MB), headers=declared, timeout=60
    )
    assert response.status_code == 413, response.text
    assert response.json() == {
        "message": f"The request body is larger than the server's limit of {MAX_BODY} bytes."
    }
    assert response.headers["connection"] == "close"
    assert time.monotonic() - started < 30
    grown_kib = _memory_kib(server.process.pid)["VmHWM"] - before["VmRSS"]
    assert grown_kib < 16 * 1024, f"the server's peak memory grew by {grown_kib} KiB"
    _still_serves(server)


def test_a_chunked_100_mb_body_is_cut_off_at_the_limit(server: ServerHandle) -> None:
    before = _memory_kib(server.process.pid)
    # No length declared: the server counts the chunks as they arrive.
    response = httpx.post(
        _artifacts(server), content=_megabytes(HUNDRED_MB), headers=AUTH, timeout=60
    )
    assert response.status_code == 413, response.text
    assert "limit of 1048576 bytes" in response.json()["message"]
    grown_kib = _memory_kib(server.process.pid)["VmHWM"] - before["VmRSS"]
    assert grown_kib < 16 * 1024, f"the server's peak memory grew by {grown_kib} KiB"
    _still_serves(server)


def test_a_body_within_the_limit_is_served(server: ServerHandle) -> None:
    body = artifact_body(description="d" * (MAX_BODY // 2))
    response = httpx.post(_artifacts(server), json=body, headers=AUTH, timeout=30)
    assert response.status_code != 413
    assert response.status_code in (201, 422), response.text


def test_the_limit_comes_before_authentication(server: ServerHandle) -> None:
    response = httpx.post(_artifacts(server), content=b"x" * (MAX_BODY + 1), timeout=30)
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "headers", "status", "message"),
    [
        ("?" + "q" * 10_000, {}, 414, "The URL is longer than 8192 bytes."),
        ("", {"X-Big": "b" * 70_000}, 431, "The request headers exceed 65536 bytes."),
        ("", {f"X-H{i}": "1" for i in range(101)}, 431, "The request has more than 100 headers."),
    ],
)
def test_over_long_urls_and_headers(
    server: ServerHandle, path: str, headers: dict[str, str], status: int, message: str
) -> None:
    response = httpx.get(_artifacts(server) + path, headers={**AUTH, **headers}, timeout=10)
    assert response.status_code == status
    assert response.json() == {"message": message}
    _still_serves(server)


def _connect(server: ServerHandle) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    connection.settimeout(10)
    return connection


def _read_until_closed(connection: socket.socket) -> bytes:
    received = b""
    while chunk := connection.recv(4096):
        received += chunk
    return received


def test_a_head_sent_byte_by_byte_is_cut_off(server: ServerHandle) -> None:
    head = b"GET /api/v2/registry/artifacts/ HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"s" * 500
    started = time.monotonic()
    received = b""
    with _connect(server) as connection:
        connection.settimeout(0.05)
        try:
            for byte in head:
                connection.sendall(bytes([byte]))
                try:
                    received += connection.recv(4096)
                except TimeoutError:
                    continue
                if received:
                    break
        except OSError:
            pass  # closed while we were still sending: that is the point
        connection.settimeout(10)
        with contextlib.suppress(OSError):
            received += _read_until_closed(connection)
    elapsed = time.monotonic() - started
    assert received.startswith(b"HTTP/1.1 408 "), received
    assert b"The request head did not arrive in time." in received
    assert HEAD_TIMEOUT - LOOP_CLOCK <= elapsed < HEAD_TIMEOUT + 2, elapsed
    _still_serves(server)


def test_a_silent_connection_is_closed(server: ServerHandle) -> None:
    started = time.monotonic()
    with _connect(server) as connection:
        assert _read_until_closed(connection) == b""
    assert time.monotonic() - started < HEAD_TIMEOUT + 2


def test_a_body_sent_too_slowly_is_cut_off(server: ServerHandle) -> None:
    head = (
        "POST /api/v2/registry/artifacts/ HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {ALICE}\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n{"
    )
    started = time.monotonic()
    with _connect(server) as connection:
        connection.sendall(head.encode())
        received = _read_until_closed(connection)
    assert received.startswith(b"HTTP/1.1 408 "), received
    assert b"The request body did not arrive in time." in received
    assert BODY_TIMEOUT - LOOP_CLOCK <= time.monotonic() - started < BODY_TIMEOUT + 2
    _still_serves(server)
    assert "Traceback" not in server.output()


def test_keep_alive_requests_are_not_hurried(server: ServerHandle) -> None:
    with httpx.Client(headers=AUTH, timeout=10) as http:
        for _ in range(3):
            assert http.get(_artifacts(server)).status_code == 200
            time.sleep(HEAD_TIMEOUT / 2)


def test_connections_past_the_limit_get_503(tmp_path: Path) -> None:
    with running_server(
        tmp_path, tokens=TOKEN_SPECS, extra_args=["--max-connections", "2"]
    ) as busy:
        idle = [_connect(busy) for _ in range(2)]
        try:
            response = httpx.get(_artifacts(busy), headers=AUTH, timeout=10)
            assert response.status_code == 503
        finally:
            for connection in idle:
                connection.close()
        deadline = time.monotonic() + 10
        while httpx.get(_artifacts(busy), headers=AUTH, timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "the server did not recover"
            time.sleep(0.05)
