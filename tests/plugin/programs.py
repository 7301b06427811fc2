"""A Pulumi project in another language, driven through steps with the real engine.

The Python e2e tests use inline programs; a YAML (or TypeScript) program lives in files,
so here a copy of the example folder is the program, `pulumi package add` wires the
plugin into it, and steps change stack config instead of swapping program versions.
Planned operations are keyed by resource type (all three resources are named `hello`).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from tests.support.engine import ENGINE_BIN, REPO, engine_env
from tests.support.server import TOKEN, ServerControls

# The plugin package is the repository root (PulumiPlugin.yaml, __main__.py).
PLUGIN_DIR = REPO
PACKAGE_TYPES = {
    "datarobot-workloads:index:Artifact": "artifact",
    "datarobot-workloads:index:Workload": "workload",
    "datarobot-workloads:index:Deployment": "deployment",
}


def require_language_host(language: str) -> None:
    """Fail (never skip) with the fix when the language host was not built."""
    host = ENGINE_BIN / f"pulumi-language-{language}"
    if not host.exists():
        pytest.fail(f"{host} is missing; run scripts/build-engine.sh", pytrace=False)


@dataclass
class Plan:
    ops: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    stdout: str = ""

    def changed(self) -> dict[str, str]:
        return {kind: op for kind, op in self.ops.items() if op not in ("same", "read")}


def copy_example(example: str, dest: Path) -> Path:
    """The example folder beside a copy of the quickstart's app.py (which it reads as
    ../quickstart/app.py), without its `packages:` entry: `pulumi package add` must
    write that itself."""
    shutil.copytree(REPO / "examples" / example, dest / example)
    (dest / "quickstart").mkdir()
    shutil.copy(REPO / "examples" / "quickstart" / "app.py", dest / "quickstart" / "app.py")
    project = dest / example / "Pulumi.yaml"
    lines = project.read_text().splitlines(keepends=True)
    kept: list[str] = []
    skipping = False
    for line in lines:
        if line.startswith("packages:"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    project.write_text("".join(kept))
    return dest / example


def package_add(work_dir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ENGINE_BIN / "pulumi"), "package", "add", str(PLUGIN_DIR)],
        cwd=work_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@contextlib.contextmanager
def plugin_project(
    example: str,
    host: str,
    tmp_path: Path,
    endpoint: str,
    *,
    prepare: Callable[[Path], None] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[tuple[ProjectSteps, subprocess.CompletedProcess[str]]]:
    """A copy of `example` with the plugin added by `pulumi package add` (asserted to have
    recorded it), its stack pointed at `endpoint`; yields the steps and what `package add`
    printed, and destroys whatever is left at the end."""
    require_language_host(host)
    env = engine_env(tmp_path / "engine-state")
    env.update(extra_env or {})
    work = copy_example(example, tmp_path)
    if prepare is not None:
        prepare(work)
    added = package_add(work, env)
    assert added.returncode == 0, added.stderr + added.stdout
    project = (work / "Pulumi.yaml").read_text()
    assert f"packages:\n  datarobot-workloads: {PLUGIN_DIR}\n" in project

    steps = ProjectSteps(work, env)
    # The keys the Python resources use; the plugin reads them too (native/settings.py).
    steps.config("datarobot:endpoint", endpoint)
    steps.config("datarobot:apikey", TOKEN, secret=True)
    try:
        yield steps, added
    finally:
        # Best effort: the test may have failed half way, or destroyed already.
        with contextlib.suppress(auto.CommandError):
            steps.destroy()


class ProjectSteps:
    """One stack of a file-based project, with typed plans per engine command."""

    def __init__(self, work_dir: Path, env: dict[str, str], stack_name: str = "test") -> None:
        self.stack = auto.create_or_select_stack(
            stack_name=stack_name,
            work_dir=str(work_dir),
            opts=auto.LocalWorkspaceOptions(env_vars=env, pulumi_home=env["PULUMI_HOME"]),
        )

    def config(self, key: str, value: str, *, secret: bool = False) -> ProjectSteps:
        self.stack.set_config(key, auto.ConfigValue(value=value, secret=secret))
        return self

    def preview(self) -> Plan:
        plan, on_event = _collector()
        self.stack.preview(on_event=on_event)
        return plan

    def up(self) -> Plan:
        plan, on_event = _collector()
        result = self.stack.up(on_event=on_event)
        plan.outputs = {k: v.value for k, v in result.outputs.items()}
        return plan

    def refresh(self) -> Plan:
        plan, on_event = _collector()
        result = self.stack.refresh(on_event=on_event, diff=True, color="never")
        plan.stdout = result.stdout
        return plan

    def destroy(self) -> Plan:
        plan, on_event = _collector()
        self.stack.destroy(on_event=on_event)
        return plan


def _collector() -> tuple[Plan, Callable[[auto.EngineEvent], None]]:
    plan = Plan()

    def on_event(event: auto.EngineEvent) -> None:
        pre = event.resource_pre_event
        if pre is None or pre.metadata is None:
            return
        kind = PACKAGE_TYPES.get(pre.metadata.type)
        if kind is None:
            return
        op = pre.metadata.op.value if hasattr(pre.metadata.op, "value") else str(pre.metadata.op)
        replacing = ("create-replacement", "delete-replaced", "replace")
        if plan.ops.get(kind) in ("replace", "create-replacement") and op in replacing:
            plan.ops[kind] = "replace"
            return
        plan.ops[kind] = op

    return plan, on_event


CHAIN = ("artifact", "workload", "deployment")
DEPLOYMENTS = "console/deployments"


def walk_quickstart_chain(stack: ProjectSteps, server: ServerControls) -> dict[str, Any]:
    """The step pattern both language examples go through, with the same planned operations
    as the Python resources (tests/e2e/test_deployment_steps.py). Steps change stack
    config, not the program. Returns the outputs of the first `up`."""
    # 1. Create.
    assert stack.preview().changed() == dict.fromkeys(CHAIN, "create")
    first = stack.up()
    ids = {kind: first.outputs[f"{kind}_id"] for kind in CHAIN}
    assert first.outputs["workload_status"] == "running"
    assert first.outputs["invoke_url"].endswith(f"/endpoints/deployments/{ids['deployment']}/")
    answer = server.api("POST", f"endpoints/deployments/{ids['deployment']}/predict", json={})
    assert answer.status_code == 200
    assert answer.json()["deploymentId"] == ids["deployment"]

    # 2. No changes: preview plans nothing and makes no API call; refresh changes nothing.
    server.clear_requests()
    assert stack.preview().changed() == {}
    assert server.total_requests() == 0
    stack.refresh()
    assert stack.preview().changed() == {}

    # 3. Drift made outside Pulumi shows as the live value against the state's, in the
    # refresh and in the preview after it (never as the program's value twice).
    server.api("PATCH", f"{DEPLOYMENTS}/{ids['deployment']}/", json={"importance": "high"})
    refreshed = stack.refresh()
    assert re.search(r'importance\s*: "low" => "high"', refreshed.stdout), refreshed.stdout

    # 4. Update in place: deployment metadata.
    stack.config("importance", "critical")
    assert stack.preview().changed() == {"deployment": "update"}
    up = stack.up()
    assert up.outputs["deployment_id"] == ids["deployment"]
    live = server.api("GET", f"{DEPLOYMENTS}/{ids['deployment']}/").json()
    assert live["importance"] == "critical"

    # 5. Replace: a registered artifact's spec changes -> the chain is replaced.
    stack.config("imageUri", "registry.local/app:2")
    assert stack.preview().changed() == dict.fromkeys(CHAIN, "replace")
    up = stack.up()
    new_ids = {kind: up.outputs[f"{kind}_id"] for kind in CHAIN}
    assert all(new_ids[kind] != ids[kind] for kind in CHAIN)
    assert server.status_of(DEPLOYMENTS, ids["deployment"]) == 404
    assert server.status_of("registry/artifacts", ids["artifact"]) == 404

    # 6. Invalid input: fails at preview, naming the property as the program spells it.
    stack.config("imageUri", "")
    server.clear_requests()
    with pytest.raises(auto.CommandError) as info:
        stack.preview()
    assert "spec.containerGroups[0].containers[0].imageUri" in str(info.value)
    assert server.total_requests() == 0
    stack.config("imageUri", "registry.local/app:2")

    # 7. Destroy.
    stack.destroy()
    assert server.status_of(DEPLOYMENTS, new_ids["deployment"]) == 404
    assert server.status_of("console/workloads", new_ids["workload"]) == 404
    assert server.status_of("registry/artifacts", new_ids["artifact"]) == 404
    return first.outputs
