"""Driving examples/promotion as a real CLI project: stacks, planned operations, invokes.

The resource e2e tests run inline programs; the promotion test instead runs the example's
own `__main__.py` through our language host, from a copy, so what it proves is what a
team gets when they copy the folder. Both stacks share one file backend, as a team's dev
and prod stacks share theirs.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pulumi import automation as auto

from tests.support.engine import ENGINE_BIN
from tests.support.server import TOKEN, ServerControls

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "promotion"
KINDS = ("Artifact", "Workload", "Deployment")
A = TypeVar("A")
B = TypeVar("B")


def copy_example(target: Path) -> Path:
    """A private copy, so stack runs never write (stack files, __pycache__) into the repo.

    The example's Pulumi.yaml runs it from `./venv`, which a user makes with `pulumi
    install`; the copy links the repo's venv there, where the package is installed."""
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("__pycache__", "venv"))
    (target / "venv").symlink_to(REPO / ".venv", target_is_directory=True)
    return target


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes, to prove the example folder stays untouched."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or "venv" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ProjectStack:
    """One stack of the copied project, driven through the Automation API.

    Every resource of the example is named "model", so plans are keyed by resource kind
    (Artifact, Workload, Deployment): each kind appears at most once per stack.
    """

    def __init__(self, project: Path, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.stack = auto.create_or_select_stack(
            stack_name=name,
            work_dir=str(project),
            opts=auto.LocalWorkspaceOptions(
                env_vars=env,
                pulumi_home=env["PULUMI_HOME"],
                # The pinned CLI in .engine/bin, whatever `pulumi` the caller's PATH has.
                pulumi_command=auto.PulumiCommand(root=str(ENGINE_BIN.parent)),
            ),
        )

    def set(self, key: str, value: str, *, secret: bool = False) -> None:
        """`pulumi config set [--secret]` on this stack (its file in the copy)."""
        self.stack.set_config(key, auto.ConfigValue(value=value, secret=secret))

    def unset(self, key: str) -> None:
        self.stack.remove_config(key)

    def preview(self) -> dict[str, str]:
        """The planned operation of each resource: create, update, replace, delete or same."""
        ops, on_event = _op_collector()
        self.stack.preview(on_event=on_event)
        return ops

    def up(self) -> dict[str, Any]:
        """`pulumi up`; returns the stack outputs."""
        result = self.stack.up()
        return {key: output.value for key, output in result.outputs.items()}

    def destroy(self) -> dict[str, str]:
        """`pulumi destroy`; returns the operation done to each resource."""
        ops, on_event = _op_collector()
        self.stack.destroy(on_event=on_event)
        return ops

    def ids(self) -> dict[str, str]:
        """The ID of each resource in the state, by kind."""
        resources = (self.stack.export_stack().deployment or {}).get("resources") or []
        return {
            kind: r["id"]
            for r in resources
            for kind in KINDS
            if str(r.get("type", "")).endswith(f":{kind}") and r.get("id")
        }

    def remove(self) -> None:
        self.stack.workspace.remove_stack(self.name, force=True)


def live(server: ServerControls, collection: str, object_id: str) -> dict[str, Any]:
    """An object as the API shows it now (200 expected); `collection` is the dialect's path."""
    response = server.api("GET", f"{collection}/{object_id}/")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def in_parallel(first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """Runs two independent engine commands (of different stacks) side by side.

    Each command starts the CLI, the language host and a provider process, which costs
    seconds; dev and prod never share a lock, so their previews need not wait in line.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        one, two = pool.submit(first), pool.submit(second)
        return one.result(), two.result()


def invoke(url: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST through an invoke URL; the simulated runtime echoes the image it runs."""
    response = httpx.post(
        f"{url.rstrip('/')}/predict",
        json=payload or {},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=30,
    )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def _op_collector() -> tuple[dict[str, str], Callable[[auto.EngineEvent], None]]:
    """Records the headline operation per resource kind from the engine's event stream."""
    ops: dict[str, str] = {}

    def on_event(event: auto.EngineEvent) -> None:
        pre = event.resource_pre_event
        if pre is None or pre.metadata is None:
            return
        kind = pre.metadata.type.rsplit(":", 1)[-1]
        if kind not in KINDS:
            return
        op = pre.metadata.op.value if hasattr(pre.metadata.op, "value") else str(pre.metadata.op)
        # A replace shows up as create-replacement, replace and delete-replaced steps.
        if op in ("create-replacement", "delete-replaced", "replace"):
            op = "replace"
        ops[kind] = op

    return ops, on_event
