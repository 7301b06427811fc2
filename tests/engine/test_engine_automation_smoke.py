"""The Automation API drives the real CLI offline with an inline program.

The e2e tests of the resources use this path, so it must work on its own: inline programs
run in the test process (no language host), while the CLI, the file backend, secret config
and the dynamic provider process are all real.
"""

from __future__ import annotations

from pathlib import Path

import pulumi
from pulumi import automation as auto
from pulumi_datarobot_workloads.diagnostics import Noop

REPO = Path(__file__).resolve().parents[2]
PROJECT = "engine-smoke-automation"


def program() -> None:
    """Same shape as tests/engine/smoke_project, inline."""
    config = pulumi.Config()
    probe = Noop("probe", value=config.require("value"))
    pulumi.export("value", probe.value)
    pulumi.export("probe_id", probe.id)
    pulumi.export("token", config.require_secret("token"))


def test_automation_inline_lifecycle(pulumi_env: dict[str, str], tmp_path: Path) -> None:
    backend_url = pulumi_env["PULUMI_BACKEND_URL"]
    workspace = auto.LocalWorkspaceOptions(
        work_dir=str(tmp_path),
        pulumi_home=pulumi_env["PULUMI_HOME"],
        env_vars=pulumi_env,
        secrets_provider="passphrase",
        project_settings=auto.ProjectSettings(
            name=PROJECT, runtime="python", backend=auto.ProjectBackend(url=backend_url)
        ),
        # The pinned CLI in .engine/bin (PulumiCommand looks in <root>/bin).
        pulumi_command=auto.PulumiCommand(root=str(REPO / ".engine")),
    )
    stack = auto.create_or_select_stack(
        stack_name="smoke", project_name=PROJECT, program=program, opts=workspace
    )
    stack.set_config("value", auto.ConfigValue("one"))
    stack.set_config("token", auto.ConfigValue("s3cr3t-token", secret=True))

    up = stack.up()
    assert up.summary.result == "succeeded"
    assert up.summary.resource_changes == {"create": 2}
    assert up.outputs["value"].value == "one"
    assert up.outputs["token"].secret and up.outputs["token"].value == "s3cr3t-token"
    first_id = up.outputs["probe_id"].value

    assert stack.preview().change_summary == {"same": 2}
    refreshed = stack.refresh()
    assert refreshed.summary.resource_changes == {"same": 2}

    stack.set_config("value", auto.ConfigValue("two"))
    assert stack.preview().change_summary == {"update": 1, "same": 1}
    up = stack.up()
    assert up.summary.resource_changes == {"update": 1, "same": 1}
    assert up.outputs["value"].value == "two"
    assert up.outputs["probe_id"].value == first_id

    down = stack.destroy()
    assert down.summary.resource_changes == {"delete": 2}
    stack.workspace.remove_stack("smoke")


def test_automation_local_program(pulumi_env: dict[str, str], smoke_project: Path) -> None:
    """A CLI project driven through the Automation API runs via our language host."""
    workspace = auto.LocalWorkspaceOptions(
        pulumi_home=pulumi_env["PULUMI_HOME"],
        env_vars=pulumi_env,
        secrets_provider="passphrase",
        pulumi_command=auto.PulumiCommand(root=str(REPO / ".engine")),
    )
    stack = auto.create_or_select_stack(
        stack_name="local", work_dir=str(smoke_project), opts=workspace
    )
    stack.set_all_config(
        {
            "value": auto.ConfigValue("one"),
            "token": auto.ConfigValue("s3cr3t-token", secret=True),
        }
    )
    up = stack.up()
    assert up.summary.resource_changes == {"create": 2}
    assert up.outputs["value"].value == "one"
    assert stack.preview().change_summary == {"same": 2}
    assert stack.destroy().summary.resource_changes == {"delete": 2}
    stack.workspace.remove_stack("local")
