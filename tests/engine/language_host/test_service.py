"""RPCs called in-process, as the engine would call them over gRPC."""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

import pytest
from google.protobuf import empty_pb2  # type: ignore[import-untyped]
from language_host.service import LanguageHost
from program_info import VENV, info
from pulumi.runtime.proto import language_pb2


def test_plugin_info_reports_the_sdk_version() -> None:
    host = LanguageHost("", "")
    reply = host.GetPluginInfo(empty_pb2.Empty(), None)
    assert reply.version == importlib.metadata.version("pulumi")


class _Context:
    """Just enough of grpc.ServicerContext for streaming RPCs called in-process."""

    def add_callback(self, callback: object) -> bool:
        return True

    def abort(self, code: object, details: str) -> None:
        raise RuntimeError(details)


def test_run_plugin_streams_output_and_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "__main__.py").write_text(
        "import sys\nprint('out', sys.argv[1:], flush=True)\n"
        "print('err', file=sys.stderr)\nsys.exit(3)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    (tmp_path / "venv").symlink_to(VENV)  # plugins default to ./venv, like upstream
    request = language_pb2.RunPluginRequest(
        pwd=str(tmp_path), args=["a", "b"], env=["X=1"], info=info(tmp_path)
    )
    replies = list(LanguageHost("", "").RunPlugin(request, _Context()))
    stdout = b"".join(r.stdout for r in replies if r.WhichOneof("output") == "stdout")
    stderr = b"".join(r.stderr for r in replies if r.WhichOneof("output") == "stderr")
    assert stdout == b"out ['a', 'b']\n" and stderr == b"err\n"
    assert replies[-1].WhichOneof("output") == "exitcode" and replies[-1].exitcode == 3


def test_a_problem_the_user_can_fix_is_the_rpcs_error(tmp_path: Path) -> None:
    request = language_pb2.GetRequiredPackagesRequest(info=info(tmp_path, virtualenv="nope"))
    with pytest.raises(RuntimeError, match=r"The 'virtualenv' option .* set to 'nope'"):
        LanguageHost("", "").GetRequiredPackages(request, _Context())
