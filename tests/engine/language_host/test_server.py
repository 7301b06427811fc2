"""The host's command line: the engine's Go-style flags, unknown ones skipped."""

from __future__ import annotations

import pytest
from language_host.server import parse_args


@pytest.mark.parametrize(
    ("argv", "engine", "tracing", "executor"),
    [
        (["127.0.0.1:4000"], "127.0.0.1:4000", "", ""),
        (
            ["--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:1"],
            "127.0.0.1:1",
            "http://t",
            "",
        ),
        (["--executor", "/x/exec", "-root=/ignored", "localhost:2"], "localhost:2", "", "/x/exec"),
        (["-use-executor=/y", "-virtualenv", "venv", "h:3"], "h:3", "", "/y"),
        ([], "", "", ""),
    ],
)
def test_parse_args_accepts_engine_flags(
    argv: list[str], engine: str, tracing: str, executor: str
) -> None:
    args = parse_args(argv)
    assert (args.engine_address, args.tracing, args.executor) == (engine, tracing, executor)
