"""Where the plugin reads the stack's `datarobot:*` keys: the files first, the CLI when
they cannot say (secrets, ESC environments), and no CLI process in the common case."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from datarobot_workloads_provider.native import provider as native_provider
from datarobot_workloads_provider.native import settings
from datarobot_workloads_provider.native.stack_files import read_stack_files
from pulumi.provider.experimental.provider import ConfigureRequest

NAMES = ["endpoint", "apikey", "tracecontext", "dialect"]
URN = "urn:pulumi:dev::shop::pulumi:providers:datarobot-workloads::default"


def _project(root: Path, project: str = "", stack: str | None = "") -> Path:
    (root / "Pulumi.yaml").write_text(f"name: shop\nruntime: yaml\n{project}")
    if stack is not None:
        (root / "Pulumi.dev.yaml").write_text(stack)
    return root


def test_plain_keys_come_from_the_stack_file_over_the_project(tmp_path: Path) -> None:
    _project(
        tmp_path,
        "config:\n  datarobot:dialect: older\n  datarobot:endpoint:\n    value: http://p/api\n",
        "config:\n  datarobot:dialect: current\n  datarobot-workloads:apikey: own\n",
    )
    found = read_stack_files("dev", tmp_path, "datarobot", NAMES)
    assert found is not None
    assert found.values == {"dialect": "current", "endpoint": "http://p/api"}
    assert found.unsettled == frozenset()


def test_what_the_files_cannot_say_is_unsettled(tmp_path: Path) -> None:
    secret = "config:\n  datarobot:apikey:\n    secure: v1:abc\n  datarobot:dialect: current\n"
    _project(tmp_path, stack=secret)
    found = read_stack_files("dev", tmp_path, "datarobot", NAMES)
    assert found is not None
    assert (found.values, found.unsettled) == ({"dialect": "current"}, {"apikey"})
    # An ESC environment may set any key the files leave unset.
    _project(tmp_path, stack="environment:\n  - shop/dev\nconfig:\n  datarobot:dialect: older\n")
    found = read_stack_files("dev", tmp_path, "datarobot", NAMES)
    assert found is not None
    assert found.unsettled == {"endpoint", "apikey", "tracecontext"}


def test_files_are_found_from_the_program_folder_and_in_stack_config_dir(tmp_path: Path) -> None:
    _project(tmp_path, "stackConfigDir: stacks\nmain: src/\n", stack=None)
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.dev.yaml").write_text("config:\n  datarobot:dialect: current\n")
    (tmp_path / "src").mkdir()
    found = read_stack_files("dev", tmp_path / "src", "datarobot", ["dialect"])
    assert found is not None and found.values == {"dialect": "current"}
    assert read_stack_files("prod", tmp_path, "datarobot", ["dialect"]) is None


def _configure(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Any:
    monkeypatch.chdir(folder)
    for name in ("DATAROBOT_ENDPOINT", "DATAROBOT_API_TOKEN", "DATAROBOT_API_DIALECT"):
        monkeypatch.delenv(name, raising=False)
    plugin = native_provider.WorkloadsProvider()
    plugin.urn = URN
    own = {
        "datarobot-workloads:config:endpoint": "http://own/api",
        "datarobot-workloads:config:apikey": "own-token",
    }
    asyncio.run(plugin.configure(ConfigureRequest(own, {}, False, False)))
    return plugin._settings


def test_common_case_starts_without_a_cli_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Endpoint and token in the package's namespace, the dialect in the shared one.
    _project(tmp_path, stack="config:\n  datarobot:dialect: current\n")

    def no_process(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "run", no_process)
    chosen = _configure(monkeypatch, tmp_path)
    assert (chosen.endpoint, chosen.token, chosen.dialect) == (
        "http://own/api",
        "own-token",
        "current",
    )


def test_a_secret_shared_key_is_read_with_the_cli(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _project(tmp_path, stack="config:\n  datarobot:tracecontext:\n    secure: v1:abc\n")
    started: list[list[str]] = []

    def cli(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        started.append(command)
        answer = {"datarobot:tracecontext": {"value": "00-trace-01", "secret": True}}
        return subprocess.CompletedProcess(command, 0, json.dumps(answer), "")

    monkeypatch.setattr(settings.shutil, "which", lambda _name: "/bin/pulumi")
    monkeypatch.setattr(subprocess, "run", cli)
    chosen = _configure(monkeypatch, tmp_path)
    assert chosen.trace_context == "00-trace-01"
    assert [command[1:3] for command in started] == [["config", "--json"]]
