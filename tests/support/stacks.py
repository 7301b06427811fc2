"""One stack driven through steps with the real engine (Automation API, inline programs).

Each step swaps in the next program version, the way the step folders of providertest
do, and the helpers return what the engine planned per resource so tests can assert
`create`, `update`, `replace` exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from tests.support.channels import own_connections_per_channel

Program = Callable[[], None]
PROJECT = "e2e"
# Inline programs run in this process, one engine after another (see `channels`).
own_connections_per_channel()


@dataclass
class Plan:
    """What one engine command did or would do, by resource name."""

    ops: dict[str, str] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[str] = field(default_factory=list)

    def changed(self) -> dict[str, str]:
        return {name: op for name, op in self.ops.items() if op not in ("same", "read")}


class StackSteps:
    def __init__(
        self,
        work_dir: Path,
        env: dict[str, str],
        config: dict[str, tuple[str, bool]],
        stack_name: str = "test",
    ) -> None:
        self._program: Program = lambda: None
        self.stack = auto.create_or_select_stack(
            stack_name=stack_name,
            project_name=PROJECT,
            program=self._run_program,
            opts=auto.LocalWorkspaceOptions(
                work_dir=str(work_dir),
                env_vars=env,
                pulumi_home=env["PULUMI_HOME"],
                project_settings=auto.ProjectSettings(name=PROJECT, runtime="python"),
            ),
        )
        for key, (value, secret) in config.items():
            self.stack.set_config(key, auto.ConfigValue(value=value, secret=secret))

    def _run_program(self) -> None:
        self._program()

    def use(self, program: Program) -> StackSteps:
        self._program = program
        return self

    def preview(self, program: Program | None = None, **kwargs: Any) -> Plan:
        if program is not None:
            self.use(program)
        plan, on_event = _collector()
        result = self.stack.preview(on_event=on_event, **kwargs)
        plan.summary = dict(result.change_summary)
        return plan

    def up(self, program: Program | None = None, **kwargs: Any) -> Plan:
        if program is not None:
            self.use(program)
        plan, on_event = _collector()
        result = self.stack.up(on_event=on_event, **kwargs)
        plan.summary = dict(result.summary.resource_changes or {})
        plan.outputs = {k: v.value for k, v in result.outputs.items()}
        return plan

    def step(self, program: Program, expect: dict[str, str]) -> Plan:
        """One step of the step pattern: the preview plans exactly `expect`, and the up
        then does exactly that (a preview that lies about the up fails here)."""
        assert self.preview(program).changed() == expect, "preview"
        up = self.up(program)
        assert up.changed() == expect, "up"
        return up

    def refresh(self, **kwargs: Any) -> Plan:
        plan, on_event = _collector()
        result = self.stack.refresh(on_event=on_event, **kwargs)
        plan.summary = dict(result.summary.resource_changes or {})
        return plan

    def destroy(self, **kwargs: Any) -> Plan:
        plan, on_event = _collector()
        result = self.stack.destroy(on_event=on_event, **kwargs)
        plan.summary = dict(result.summary.resource_changes or {})
        return plan

    def outputs(self) -> dict[str, Any]:
        return {k: v.value for k, v in self.stack.outputs().items()}

    def state_resources(self) -> list[dict[str, Any]]:
        deployment = self.stack.export_stack().deployment
        return list(deployment.get("resources") or [])

    def ids(self, type_suffix: str) -> list[str]:
        return [
            r["id"]
            for r in self.state_resources()
            if str(r.get("type", "")).endswith(type_suffix) and r.get("id")
        ]

    def remove(self) -> None:
        self.stack.workspace.remove_stack(self.stack.name, force=True)


def _collector() -> tuple[Plan, Callable[[auto.EngineEvent], None]]:
    plan = Plan()

    def on_event(event: auto.EngineEvent) -> None:
        pre = event.resource_pre_event
        if pre is not None and pre.metadata is not None:
            meta = pre.metadata
            if meta.type.startswith("pulumi:pulumi:") or meta.type.startswith("pulumi:providers"):
                return
            name = meta.urn.rsplit("::", 1)[-1]
            op = meta.op.value if hasattr(meta.op, "value") else str(meta.op)
            # create-replacement/delete-replaced follow a replace; keep the headline op.
            replacing = ("create-replacement", "delete-replaced", "replace")
            if plan.ops.get(name) in ("replace", "create-replacement") and op in replacing:
                plan.ops[name] = "replace"
                return
            plan.ops[name] = op
        diag = event.diagnostic_event
        if diag is not None:
            plan.diagnostics.append(diag.message)

    return plan, on_event
