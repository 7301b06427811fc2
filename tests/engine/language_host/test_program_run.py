"""Run: the runner's command line, its config, and what its exit code becomes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from language_host.interpreter import PythonCommand
from language_host.processes import Children
from language_host.program_run import run_program, runner_command
from program_info import info
from pulumi.runtime.proto import language_pb2


def test_runner_command_passes_only_what_the_engine_set(tmp_path: Path) -> None:
    request = language_pb2.RunRequest(
        project="proj",
        stack="dev",
        monitor_address="127.0.0.1:5",
        parallel=8,
        dryRun=True,
        args=["extra"],
        info=info(tmp_path),
    )
    cmd = runner_command(
        request,
        PythonCommand("/py", {}),
        engine_address="127.0.0.1:6",
        executor="/exec",
        tracing="",
    )
    assert cmd == [
        "/py",
        "/exec",
        *("--monitor", "127.0.0.1:5", "--engine", "127.0.0.1:6", "--project", "proj"),
        *("--root_directory", str(tmp_path), "--stack", "dev"),
        *("--dry_run", "true", "--parallel", "8"),
        ".",
        "extra",
    ]


# A stand-in for the upstream runner: checks the config it was given, then exits with
# the code the test names in the config.
_RUNNER = """\
import json, os, sys
config = json.loads(os.environ["PULUMI_CONFIG"])
assert json.loads(os.environ["PULUMI_CONFIG_SECRET_KEYS"]) == ["proj:code"]
sys.exit(int(config["proj:code"]))
"""


@pytest.mark.parametrize(
    ("code", "answer"),
    [
        (0, language_pb2.RunResponse()),
        (32, language_pb2.RunResponse(bail=True)),
        (3, language_pb2.RunResponse(error="program exited with non-zero exit code: 3")),
    ],
)
def test_exit_codes_become_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, answer: language_pb2.RunResponse
) -> None:
    monkeypatch.setenv("PULUMI_PYTHON_CMD", sys.executable)
    runner = tmp_path / "runner.py"
    runner.write_text(_RUNNER, encoding="utf-8")
    request = language_pb2.RunRequest(
        project="proj",
        config={"proj:code": str(code)},
        configSecretKeys=["proj:code"],
        info=info(tmp_path),
    )
    children = Children()
    reply = run_program(
        request,
        engine_address="",
        executor=str(runner),
        tracing="",
        default_root=tmp_path,
        children=children,
    )
    assert reply == answer


def test_a_missing_runner_is_named(tmp_path: Path) -> None:
    reply = run_program(
        language_pb2.RunRequest(info=info(tmp_path)),
        engine_address="",
        executor="",
        tracing="",
        default_root=tmp_path,
        children=Children(),
    )
    assert "pulumi-language-python-exec" in reply.error
