"""The project's stacks through the Automation API: config, outputs, preview, up, state.

Everything runs in the project folder with the caller's environment, exactly as the
`pulumi` CLI would (backend login, PULUMI_CONFIG_PASSPHRASE, the program's own
virtualenv): promote drives the same program and stack files a person does. Config
values are read with secrets decrypted to reach the API; they stay in memory and are
never printed. The state is exported and imported through the CLI without
`--show-secrets`, so secrets in it stay encrypted on disk.
"""

from __future__ import annotations

import json
import os
import re
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from .errors import Locked, PromoteError

Progress = Callable[[str], None]
_SKIPPED_TYPES = ("pulumi:pulumi:Stack", "pulumi:providers:")
_REPLACE_STEPS = ("create-replacement", "replace", "delete-replaced")
_QUIET_OPS = ("same", "read")
# How the Automation API words a failed command (see pulumi.automation.CommandResult).
_COMMAND_RESULT = re.compile(
    r"code: (?P<code>-?\d+)\n stdout: (?P<stdout>.*)\n stderr: (?P<stderr>.*)\Z", re.DOTALL
)
# How a DIY backend (a folder, a bucket, PostgreSQL) names each lock of a stack, and its
# holder, in its "currently locked" error.
_LOCK_HOLDER = re.compile(
    r"(?P<lock>\S+): created by (?P<user>[^@\s]+)@(?P<host>\S+) \(pid (?P<pid>\d+)\)"
    r"(?: at (?P<at>\S+))?"
)


@dataclass
class Change:
    """One resource the preview plans to change."""

    kind: str
    name: str
    op: str
    diffs: list[str] = field(default_factory=list)

    def line(self) -> str:
        symbol = {"create": "+", "delete": "-", "update": "~", "replace": "+-"}.get(self.op, "*")
        diff = f"  [diff: {', '.join(self.diffs)}]" if self.diffs else ""
        return f"{symbol} {self.kind} {self.name} {self.op}{diff}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "op": self.op, "diffs": self.diffs}


def _op(metadata: Any) -> str:
    return str(metadata.op.value if hasattr(metadata.op, "value") else metadata.op)


def _named(urn: str, type_token: str) -> tuple[str, str]:
    return type_token.rsplit(":", 1)[-1], urn.rsplit("::", 1)[-1]


class _ProjectWorkspace(auto.LocalWorkspace):
    """The project folder's workspace, leaving alone which stack the user has selected.

    The Automation API selects a stack (`pulumi stack select`) to open it, which would
    leave the user's later `pulumi up` aimed at whichever stack promote opened last.
    Every command promote runs names its stack, so opening one only checks that it
    exists (as the Automation API does for remote workspaces)."""

    def select_stack(self, stack_name: str) -> None:
        env = dict(self.env_vars)
        if self.pulumi_home is not None:
            env["PULUMI_HOME"] = self.pulumi_home
        self.pulumi_command.run(["stack", "--stack", stack_name], self.work_dir, env)


class ProjectStack:
    """One stack of the project in `folder`."""

    def __init__(self, folder: Path, name: str) -> None:
        if not any((folder / f).is_file() for f in ("Pulumi.yaml", "Pulumi.yml")):
            raise PromoteError(f"no Pulumi project in {folder} (no Pulumi.yaml): pass --cwd")
        self.folder = folder
        self.name = name
        # What this object did on its own that the user should hear of (a stale lock).
        self.notes: list[str] = []
        workspace = _ProjectWorkspace(work_dir=str(folder))
        try:
            self.stack = auto.Stack.select(name, workspace)
        except auto.StackNotFoundError as missing:
            known = ", ".join(sorted(s.name for s in workspace.list_stacks())) or "none"
            raise PromoteError(
                f"no stack {name!r} in the project in {folder} (its stacks: {known})"
            ) from missing
        except auto.CommandError as error:
            raise PromoteError(f"selecting stack {name!r} failed: {_tail(error)}") from error
        self.project = self.stack.workspace.project_settings().name

    # Config ------------------------------------------------------------------------------
    def config(self) -> dict[str, str]:
        """Every config value, secrets decrypted (in memory only)."""
        values = self._run(self.stack.get_all_config, "reading the config", secret_output=True)
        return {key: str(value.value) for key, value in values.items()}

    def set_config(self, key: str, value: str) -> None:
        self._run(lambda: self.stack.set_config(key, auto.ConfigValue(value)), f"setting {key}")

    def remove_config(self, key: str) -> None:
        self._run(lambda: self.stack.remove_config(key), f"removing {key}")

    # Engine ------------------------------------------------------------------------------
    def outputs(self) -> dict[str, Any]:
        values = self._run(self.stack.outputs, "reading the outputs")
        return {key: output.value for key, output in values.items()}

    def preview(self) -> list[Change]:
        """The changes `up` would make, one per resource."""
        changes: dict[str, Change] = {}

        def on_event(event: auto.EngineEvent) -> None:
            pre = event.resource_pre_event
            if pre is None or pre.metadata is None:
                return
            meta = pre.metadata
            op = _op(meta)
            if meta.type.startswith(_SKIPPED_TYPES) or op in _QUIET_OPS:
                return
            kind, name = _named(meta.urn, meta.type)
            if op in _REPLACE_STEPS:
                op = "replace"
            known = changes.get(meta.urn)
            changed = set(meta.diffs or meta.keys or (meta.detailed_diff or {}).keys())
            diffs = sorted(changed | set(known.diffs if known else []))
            changes[meta.urn] = Change(kind, name, op, diffs)

        self._run(lambda: self.stack.preview(on_event=on_event), "the preview")
        return list(changes.values())

    def up(self, progress: Progress) -> dict[str, Any]:
        """`pulumi up`, with a progress line per resource step and per provider message."""
        result = self._run(
            lambda: self.stack.up(on_event=_progress_events(self.name, progress)), "`up`"
        )
        return {key: output.value for key, output in result.outputs.items()}

    def refresh(self, progress: Progress) -> None:
        self._run(
            lambda: self.stack.refresh(on_event=_progress_events(self.name, progress)),
            "`refresh`",
        )

    def destroy(self, progress: Progress, urns: list[str]) -> None:
        """`pulumi destroy --target` of exactly these resources, nothing else."""
        self._run(
            lambda: self.stack.destroy(target=urns, on_event=_progress_events(self.name, progress)),
            "`destroy`",
        )

    # State -------------------------------------------------------------------------------
    def export_state(self) -> dict[str, Any]:
        """`pulumi stack export`, secrets left encrypted."""
        done = self._cli("stack", "export")
        document: dict[str, Any] = json.loads(done.stdout)
        return document

    def import_state(self, document: dict[str, Any]) -> None:
        with tempfile.TemporaryDirectory(prefix="datarobot-workloads-") as folder:
            path = Path(folder) / "state.json"
            path.write_text(json.dumps(document), encoding="utf-8")
            self._cli("stack", "import", "--file", str(path))

    def _cli(self, *args: str) -> auto.CommandResult:
        workspace = self.stack.workspace
        command = [*args, "--stack", self.name, "--non-interactive"]
        env = dict(workspace.env_vars)
        result: auto.CommandResult = self._run(
            lambda: workspace.pulumi_command.run(command, workspace.work_dir, env),
            f"`pulumi {' '.join(args)}`",
        )
        return result

    def _run(self, call: Callable[[], Any], what: str, *, secret_output: bool = False) -> Any:
        for attempt in (1, 2):
            try:
                return call()
            except auto.CommandError as error:
                if attempt == 1 and self._released_stale_lock(str(error)):
                    continue
                if "currently locked" in str(error):
                    raise Locked(lock_message(self.name, str(error))) from error
                detail = _tail(error, secret_output=secret_output)
                raise PromoteError(f"stack {self.name}: {what} failed: {detail}") from error
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _released_stale_lock(self, message: str) -> bool:
        """A run killed mid-`up` leaves its lock on a file backend, and every later write
        of the state fails on it. When the lock's holder was a process of this machine
        that no longer exists, nothing can still be writing: the lock is released
        (`pulumi cancel`) and the caller tries once more. A holder elsewhere, or alive,
        keeps its lock."""
        if "currently locked" not in message:
            return False
        holder = _LOCK_HOLDER.search(message)
        if holder is None or holder["host"] != socket.gethostname():
            return False
        if _alive(int(holder["pid"])):
            return False
        workspace = self.stack.workspace
        command = ["cancel", "--yes", "--stack", self.name, "--non-interactive"]
        try:
            workspace.pulumi_command.run(command, workspace.work_dir, dict(workspace.env_vars))
        except auto.CommandError:
            return False
        self.notes.append(
            f"released {self.name}'s lock: its holder, pid {holder['pid']} on this machine, "
            "no longer runs (a killed `up`)"
        )
        return True


def lock_message(stack: str, error: str) -> str:
    """What a lock error means for whoever runs promote: who holds the lock, whether it
    can still be in use, and what to do either way."""
    holders = list(_LOCK_HOLDER.finditer(error))
    if not holders:
        return (
            f"another run holds {stack}'s state: nothing was changed by this run; wait for it "
            f"to end, or, once you know it has ended, clear it with `pulumi cancel --yes "
            f"--stack {stack}` and promote again"
        )
    here = socket.gethostname()
    described = []
    elsewhere = False
    for holder in holders:
        since = f" since {holder['at']}" if holder["at"] else ""
        where = "this machine" if holder["host"] == here else f"host {holder['host']}"
        elsewhere = elsewhere or holder["host"] != here
        described.append(
            f"{holder['lock']} (taken by {holder['user']}@{holder['host']}, pid "
            f"{holder['pid']} on {where}{since})"
        )
    locks = "; ".join(described)
    if elsewhere:
        advice = (
            "a run on another machine holds it, which promote cannot see: if it is still "
            "running (another promote, a `pulumi up`), wait for it and promote again; if it "
            "has ended (a cancelled or killed CI job), its lock is stale: clear it with "
            f"`pulumi cancel --yes --stack {stack}`, then promote again, which resolves "
            "what that run left"
        )
    else:
        advice = (
            "another run on this machine is updating it (another promote, a `pulumi up`): "
            "wait for it to end, then promote again if it is still needed"
        )
    return f"another run holds {stack}'s state: {locks}. Nothing was changed by this run; {advice}"


def _progress_events(stack: str, progress: Progress) -> Callable[[auto.EngineEvent], None]:
    """Engine events as progress lines: each resource step as it starts and ends, and the
    provider's own messages (the waits it reports)."""

    def on_event(event: auto.EngineEvent) -> None:
        pre, done = event.resource_pre_event, event.res_outputs_event
        diagnostic = event.diagnostic_event
        if pre is not None and pre.metadata is not None:
            op = _op(pre.metadata)
            if op not in _QUIET_OPS and not pre.metadata.type.startswith(_SKIPPED_TYPES):
                kind, name = _named(pre.metadata.urn, pre.metadata.type)
                progress(f"{stack}: {kind} {name}: {op} ...")
        elif done is not None and done.metadata is not None:
            op = _op(done.metadata)
            if op not in _QUIET_OPS and not done.metadata.type.startswith(_SKIPPED_TYPES):
                kind, name = _named(done.metadata.urn, done.metadata.type)
                progress(f"{stack}: {kind} {name}: {op} done")
        elif diagnostic is not None and diagnostic.severity in ("info", "warning"):
            message = diagnostic.message.strip()
            if message:
                progress(f"{stack}: {message}")

    return on_event


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _tail(error: auto.CommandError, *, secret_output: bool = False) -> str:
    """The end of the engine's message, where it says what went wrong: its stderr, else
    its stdout, unless that may hold decrypted secrets (a config read)."""
    text = str(error)
    parts = _COMMAND_RESULT.search(text)
    if parts is not None:
        stderr, stdout = parts["stderr"].strip(), parts["stdout"].strip()
        text = stderr or ("" if secret_output else stdout) or f"exit code {parts['code']}"
    return text.strip()[-2000:]
