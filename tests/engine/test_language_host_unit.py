"""Unit tests of the pieces of our Python language host that need no engine.

The smoke tests prove the host works with the CLI; these pin the details that are easy to
get subtly wrong: Go-style flag parsing, PEP 440 -> semver, option validation, venv
selection, and which installed packages count as plugins.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import language_host as lh
import package_scan
import pytest
from google.protobuf import empty_pb2  # type: ignore[import-untyped]
from pulumi.runtime.proto import language_pb2

REPO = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def info(root: Path, **options: str) -> language_pb2.ProgramInfo:
    """A ProgramInfo as the engine sends it for a project at ``root``."""
    message = language_pb2.ProgramInfo(
        root_directory=str(root), program_directory=str(root), entry_point="."
    )
    message.options.update(options)
    return message


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
    args = lh.parse_args(argv)
    assert (args.engine_address, args.tracing, args.executor) == (engine, tracing, executor)


@pytest.mark.parametrize(
    ("pep440", "semver"),
    [
        ("1.2", "1.2.0"),
        ("3.260.0", "3.260.0"),
        ("1.2.3a4", "1.2.3-alpha.4"),
        ("1.2.3b1", "1.2.3-beta.1"),
        ("1.2.3rc4", "1.2.3-rc.4"),
        ("1.2.3.post4", "1.2.3+post4"),
        ("1.2.3.dev5", "1.2.3+dev5"),
        ("1.2.3.post4.dev5", "1.2.3+post4dev5"),
        ("1!2.0", None),
        ("1.0+local", None),
        ("", None),
    ],
)
def test_plugin_version_translation(pep440: str, semver: str | None) -> None:
    assert package_scan.plugin_version(pep440) == semver


def test_options_are_validated(tmp_path: Path) -> None:
    opts = lh.ProgramOptions.from_info(
        info(tmp_path, virtualenv="v", toolchain="pip"), default_root=Path("/elsewhere")
    )
    assert (opts.root, opts.virtualenv, opts.toolchain) == (tmp_path, "v", "pip")
    with pytest.raises(lh.HostError, match="unsupported toolchain option: conda"):
        lh.ProgramOptions.from_info(info(tmp_path, toolchain="conda"), default_root=tmp_path)
    bad = info(tmp_path)
    bad.options.update({"virtualenv": 3})
    with pytest.raises(lh.HostError, match="virtualenv option must be a string"):
        lh.ProgramOptions.from_info(bad, default_root=tmp_path)
    empty = lh.ProgramOptions.from_info(language_pb2.ProgramInfo(), default_root=tmp_path)
    assert empty.root == tmp_path and empty.virtualenv == ""


def test_virtualenv_is_resolved_against_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "env").symlink_to(VENV)
    opts = lh.ProgramOptions.from_info(info(tmp_path, virtualenv="env"), default_root=tmp_path)
    python = lh.resolve_python(opts, base_env={"PATH": "/usr/bin", "PYTHONHOME": "/bad"})
    assert python.executable == str(tmp_path / "env" / "bin" / "python")
    assert python.env["VIRTUAL_ENV"] == str(tmp_path / "env")
    assert python.env["PATH"].split(os.pathsep)[0] == str(tmp_path / "env" / "bin")
    assert "PYTHONHOME" not in python.env

    missing = lh.ProgramOptions.from_info(info(tmp_path, virtualenv="nope"), default_root=tmp_path)
    with pytest.raises(lh.HostError, match=r"set to 'nope'.*doesn't exist"):
        lh.resolve_python(missing)


def test_without_virtualenv_pulumi_python_cmd_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    opts = lh.ProgramOptions.from_info(info(tmp_path), default_root=tmp_path)
    python = lh.resolve_python(opts)
    assert python.executable == sys.executable and python.is_this_interpreter()
    monkeypatch.setenv("PULUMI_PYTHON_CMD", "no-such-python-anywhere")
    with pytest.raises(lh.HostError, match="PULUMI_PYTHON_CMD"):
        lh.resolve_python(opts)


def _fake_dist(site: Path, name: str, version: str, manifest: dict[str, object] | None) -> None:
    """An installed distribution as importlib.metadata sees it (no real install needed)."""
    module = name.replace("-", "_")
    meta = site / f"{module}-{version}.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (site / module).mkdir()
    (site / module / "__init__.py").write_text("", encoding="utf-8")
    if manifest is not None:
        (site / module / "pulumi-plugin.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_required_plugins_follow_the_upstream_rules(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_dist(site, "pulumi-fake", "1.2.3", None)  # named pulumi-*: a plugin
    _fake_dist(site, "pulumi-sdkonly", "2.0.0", {"resource": False})  # opts out
    _fake_dist(
        site,
        "vendor-thing",
        "0.1",
        {"resource": True, "name": "thing", "version": "0.0.7", "server": "https://x"},
    )
    _fake_dist(site, "unrelated", "1.0", None)  # not a Pulumi package
    _fake_dist(site, "pulumi-policy", "1.0", None)  # known to have no plugin
    out = subprocess.run(
        [sys.executable, str(REPO / "engine" / "package_scan.py"), "plugins"],
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    plugins = {p["name"]: p for p in json.loads(out.stdout)}
    assert plugins["fake"]["version"] == "v1.2.3"
    assert plugins["thing"] == {"name": "thing", "version": "v0.0.7", "server": "https://x"}
    assert not {"sdkonly", "unrelated", "policy", "datarobot-workloads"} & plugins.keys()


def test_this_project_needs_no_plugin() -> None:
    """Our package is named pulumi-*; its pulumi-plugin.json must keep the engine from
    looking for a plugin to download (which fails offline)."""
    names = {p["name"] for p in package_scan.required_plugins()}
    assert "datarobot-workloads" not in names


def test_plugin_info_reports_the_sdk_version() -> None:
    host = lh.LanguageHost("", "")
    reply = host.GetPluginInfo(empty_pb2.Empty(), None)
    assert reply.version == importlib.metadata.version("pulumi")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (3, "program exited with non-zero exit code: 3"),
        (-9, "program exited unexpectedly: killed by signal SIGKILL"),
    ],
)
def test_exit_codes_are_described(code: int, text: str) -> None:
    assert lh.describe_exit(code) == text


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
    replies = list(lh.LanguageHost("", "").RunPlugin(request, _Context()))
    stdout = b"".join(r.stdout for r in replies if r.WhichOneof("output") == "stdout")
    stderr = b"".join(r.stderr for r in replies if r.WhichOneof("output") == "stderr")
    assert stdout == b"out ['a', 'b']\n" and stderr == b"err\n"
    assert replies[-1].WhichOneof("output") == "exitcode" and replies[-1].exitcode == 3
