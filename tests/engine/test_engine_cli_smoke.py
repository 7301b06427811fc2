"""The real `pulumi` CLI runs a `runtime: python` project offline, end to end.

This goes through every piece the project had to supply itself: the CLI built from Go
modules, our Python language host (engine/language_host/), the upstream program runner
and the dynamic provider launcher. One stack walks through up -> preview (no changes) ->
refresh (no changes) -> config change -> update in place -> destroy.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

STACK = "smoke"
NOOP_TYPE = "pulumi-python:dynamic/diagnostics:Noop"


def pulumi(
    project: Path, env: dict[str, str], *args: str, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run the CLI non-interactively; on an unexpected exit show everything it printed."""
    out = subprocess.run(
        ["pulumi", *args, "--non-interactive"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if ok and out.returncode != 0:
        pytest.fail(
            f"`pulumi {' '.join(args)}` exited {out.returncode}\n"
            f"--- stdout\n{out.stdout}\n--- stderr\n{out.stderr}"
        )
    return out


def preview_json(project: Path, env: dict[str, str]) -> dict[str, Any]:
    """`pulumi preview --json`: the planned steps and their summary, machine-readable."""
    result: dict[str, Any] = json.loads(pulumi(project, env, "preview", "--json").stdout)
    return result


def noops(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The Noop resources of a `pulumi stack export` document."""
    resources: list[dict[str, Any]] = state["deployment"].get("resources") or []
    return [r for r in resources if r["type"] == NOOP_TYPE]


def test_cli_project_lifecycle(smoke_project: Path, pulumi_env: dict[str, str]) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return pulumi(smoke_project, pulumi_env, *args)

    run("stack", "init", STACK)
    run("config", "set", "value", "one")
    run("config", "set", "--secret", "token", "s3cr3t-token")

    # First up creates the stack and the Noop.
    up = run("up", "--yes", "--skip-preview")
    assert "+ 2 created" in up.stdout, up.stdout

    # The program is unchanged: preview and refresh both report nothing to do.
    run("preview", "--expect-no-changes")
    run("refresh", "--yes", "--expect-no-changes")
    assert preview_json(smoke_project, pulumi_env)["changeSummary"] == {"same": 2}

    # Outputs: the plain value round-trips; the secret config stays secret.
    outputs = json.loads(run("stack", "output", "--json").stdout)
    assert outputs["value"] == "one"
    assert outputs["token"] == "[secret]"
    revealed = json.loads(run("stack", "output", "--json", "--show-secrets").stdout)
    assert revealed["token"] == "s3cr3t-token"
    state = json.loads(run("stack", "export").stdout)
    assert "s3cr3t-token" not in json.dumps(state), "a secret reached the state in plain text"
    [noop] = noops(state)
    first_id = noop["id"]
    assert noop["outputs"]["value"] == "one"

    # A config change previews as an in-place update of the Noop only, then applies.
    run("config", "set", "value", "two")
    plan = preview_json(smoke_project, pulumi_env)
    assert plan["changeSummary"] == {"update": 1, "same": 1}
    [step] = [s for s in plan["steps"] if s["op"] != "same"]
    assert step["op"] == "update" and step["urn"].endswith("::probe")
    up = run("up", "--yes", "--skip-preview")
    assert "~ 1 updated" in up.stdout, up.stdout
    [noop] = noops(json.loads(run("stack", "export").stdout))
    assert noop["id"] == first_id, "an in-place update must keep the ID"
    assert noop["outputs"]["value"] == "two"
    assert run("stack", "output", "value").stdout.strip() == "two"

    # Destroy removes everything; the stack can then be removed.
    down = run("destroy", "--yes", "--skip-preview")
    assert "- 2 deleted" in down.stdout, down.stdout
    assert noops(json.loads(run("stack", "export").stdout)) == []
    run("stack", "rm", "--yes", STACK)


def test_cli_program_exception_fails_with_traceback(
    smoke_project: Path,
    pulumi_env: dict[str, str],
) -> None:
    pulumi(smoke_project, pulumi_env, "stack", "init", STACK)
    pulumi(smoke_project, pulumi_env, "config", "set", "value", "one")
    pulumi(smoke_project, pulumi_env, "config", "set", "--secret", "token", "t")
    pulumi(smoke_project, pulumi_env, "config", "set", "fail", "true")

    up = pulumi(smoke_project, pulumi_env, "up", "--yes", "--skip-preview", ok=False)

    assert up.returncode != 0
    text = up.stdout + up.stderr
    assert "Traceback (most recent call last)" in text, text
    assert "RuntimeError: smoke program failed on purpose" in text, text
    assert "__main__.py" in text, text
    # The runner reported the error itself, so the host bails instead of adding a vaguer one.
    assert "non-zero exit code" not in text, text
    pulumi(smoke_project, pulumi_env, "stack", "rm", "--yes", "--force", STACK)


def test_cli_virtualenv_option(smoke_project: Path, pulumi_env: dict[str, str]) -> None:
    """`runtime.options.virtualenv` selects the interpreter, as with the upstream host."""
    venv = Path(pulumi_env["PULUMI_PYTHON_CMD"]).parent.parent
    (smoke_project / "venv").symlink_to(venv)
    (smoke_project / "Pulumi.yaml").write_text(
        "name: engine-smoke\n"
        "runtime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n",
        encoding="utf-8",
    )
    env = dict(pulumi_env)
    del env["PULUMI_PYTHON_CMD"]  # the venv option alone must be enough
    pulumi(smoke_project, env, "stack", "init", STACK)
    pulumi(smoke_project, env, "config", "set", "value", "v")
    pulumi(smoke_project, env, "config", "set", "--secret", "token", "t")
    up = pulumi(smoke_project, env, "up", "--yes", "--skip-preview")
    assert "+ 2 created" in up.stdout, up.stdout
    pulumi(smoke_project, env, "destroy", "--yes", "--skip-preview")

    (smoke_project / "Pulumi.yaml").write_text(
        "name: engine-smoke\nruntime:\n  name: python\n  options:\n    virtualenv: missing\n",
        encoding="utf-8",
    )
    failed = pulumi(smoke_project, env, "preview", ok=False)
    assert failed.returncode != 0
    assert "'virtualenv' option in Pulumi.yaml is set to 'missing'" in failed.stdout + failed.stderr
