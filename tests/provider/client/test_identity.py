"""What the client tells the API about itself, as seen on the wire by a real HTTP server."""

from __future__ import annotations

import http.server
import importlib.metadata
import json
import sys
import threading
from collections.abc import Iterator

import pytest
from datarobot_workloads_provider.client.identity import (
    TRACE_HEADER,
    pulumi_version,
    trace_header_value,
)
from datarobot_workloads_provider.client.settings import TRACE_ENV, ApiSettings
from datarobot_workloads_provider.client.transport import Transport
from datarobot_workloads_provider.version import __version__


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers.items()))
        body = json.dumps({"data": [], "next": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    _Recorder.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/v2"
    server.shutdown()
    server.server_close()


def _headers_sent(settings: ApiSettings) -> dict[str, str]:
    transport = Transport(settings)
    try:
        transport.request("GET", "registry/artifacts/")
    finally:
        transport.close()
    assert len(_Recorder.seen) == 1
    return {k.lower(): v for k, v in _Recorder.seen[0].items()}


def test_user_agent_names_the_package_its_version_and_pulumi(endpoint: str) -> None:
    headers = _headers_sent(ApiSettings(endpoint=endpoint, token="t"))
    agent = headers["user-agent"]
    assert agent.startswith(f"pulumi-datarobot-workloads/{__version__} ")
    assert f" pulumi/{importlib.metadata.version('pulumi')} " in agent
    assert TRACE_HEADER.lower() not in headers


def test_the_pulumi_version_falls_back_to_the_installed_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An SDK without its version module: the import fails, the metadata answers.
    monkeypatch.setitem(sys.modules, "pulumi._version", None)
    assert pulumi_version() == importlib.metadata.version("pulumi")


def test_trace_context_from_config_is_sent(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TRACE_ENV, "from-env")
    settings = ApiSettings.resolve(
        {
            "datarobot:endpoint": endpoint,
            "datarobot:apikey": "t",
            "datarobot:tracecontext": "team.pipeline->deploy",
        }
    )
    assert _headers_sent(settings)[TRACE_HEADER.lower()] == "team.pipeline->deploy"


def test_trace_context_falls_back_to_the_environment(
    endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TRACE_ENV, " nightly-ci ")
    settings = ApiSettings.resolve({"datarobot:endpoint": endpoint, "datarobot:apikey": "t"})
    assert _headers_sent(settings)[TRACE_HEADER.lower()] == "nightly-ci"


def test_trace_value_is_one_printable_line_of_bounded_length() -> None:
    assert trace_header_value("a\r\nX-Injected: 1") == "aX-Injected: 1"
    assert trace_header_value("   ") is None
    assert trace_header_value("x" * 5000) == "x" * 1000
