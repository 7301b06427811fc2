"""Stack state fixtures: what one is, how it is stored, and how a test brings it back.

A fixture is a stack that an earlier version of this repo made with the real engine
against the local server, frozen in one folder under `fixtures/`:

    fixture.json       what it is: project, stack, passphrase, config keys, the API
                       dialect (absent: older), the commit it was recorded at, and the
                       in-place update the test applies
    program/           the program exactly as it ran (Pulumi.yaml and its source)
    stack-config.yaml  the stack's config file (`Pulumi.<stack>.yaml`: encryptionsalt, the
                       endpoint, the token as a secret); not named Pulumi.*.yaml because
                       those are per-user files the repo ignores
    state.json         `pulumi stack export`: resources, pickled dynamic providers, inputs
                       under the names of that day
    server.sql         a text dump of the local server's SQLite database, so the restored
                       server holds the very objects the state points at

Values that depend on the machine that recorded it are stored as placeholders and filled
in when the fixture is brought back (`PLACEHOLDERS`). `record.py` writes fixtures; the test
in `test_stack_fixtures.py` brings every one of them back.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.engine import REPO, engine_env

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PROGRAMS = HERE / "programs"
# The plugin package is the repository root (PulumiPlugin.yaml, __main__.py).
PLUGIN_DIR = REPO
# The local server's database file in its --data-dir (workload_api_server's store).
DATABASE_FILE = "workload-api.sqlite3"
# The passphrase of local file-backend stacks (scripts/env.sh).
PASSPHRASE = "local-offline-stacks"
TOKEN = "local-dev-token"
COMMAND_TIMEOUT = 600.0

API_ROOT = "__API_ROOT__"
PLUGIN_PLACEHOLDER = "__PLUGIN_DIR__"
REPO_PLACEHOLDER = "__REPO__"


def placeholders(api_root: str) -> dict[str, str]:
    """Placeholder -> this machine's value. Longest values are replaced first when
    recording (the plugin folder lies inside the repo)."""
    return {API_ROOT: api_root, PLUGIN_PLACEHOLDER: str(PLUGIN_DIR), REPO_PLACEHOLDER: str(REPO)}


def to_placeholders(text: str, api_root: str) -> str:
    for placeholder, value in sorted(
        placeholders(api_root).items(), key=lambda item: -len(item[1])
    ):
        text = text.replace(value, placeholder)
    return text


def from_placeholders(text: str, api_root: str) -> str:
    for placeholder, value in placeholders(api_root).items():
        text = text.replace(placeholder, value)
    return text


@dataclass(frozen=True)
class Update:
    """An in-place update the test applies to a restored stack: config to set, the
    operations the engine must plan for it (resource name -> op) and nothing else, and
    what the API must show afterwards (resource name -> fields of the live object)."""

    config: dict[str, str]
    expect: dict[str, str]
    live: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Fixture:
    """One recorded stack, read from its folder."""

    folder: Path
    project: str
    stack: str
    passphrase: str
    endpoint_key: str
    token_key: str
    update: Update
    recorded_at: str = ""
    notes: str = ""
    # The API dialect the stack was made in; fixtures before the choice are older.
    dialect: str = "older"

    @classmethod
    def load(cls, folder: Path) -> Fixture:
        meta = json.loads((folder / "fixture.json").read_text())
        return cls(
            folder=folder,
            project=meta["project"],
            stack=meta["stack"],
            passphrase=meta["passphrase"],
            endpoint_key=meta["endpoint_key"],
            token_key=meta["token_key"],
            update=Update(**meta["update"]),
            recorded_at=meta.get("recorded_at", ""),
            notes=meta.get("notes", ""),
            dialect=meta.get("dialect", "older"),
        )

    @property
    def name(self) -> str:
        return self.folder.name

    def restore_database(self, data_dir: Path) -> None:
        """A fresh server --data-dir holding the recorded objects."""
        data_dir.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(data_dir / DATABASE_FILE)
        try:
            connection.executescript((self.folder / "server.sql").read_text())
        finally:
            connection.close()

    def restore_stack(self, work: Path, api_root: str) -> CliStack:
        """The program and its stack config in `work/program`, and a stack there holding
        the recorded state (`pulumi stack import`), pointed at `api_root`."""
        program = work / "program"
        program.mkdir(parents=True)
        for source in sorted((self.folder / "program").iterdir()):
            if source.is_file():
                text = from_placeholders(source.read_text(), api_root)
                (program / source.name).write_text(text)
        stack = CliStack.create(program, self.stack, work / "engine", self.passphrase)
        if "\npackages:" in (program / "Pulumi.yaml").read_text():
            # As after cloning a project: the plugin it names installs its own venv.
            stack.install()
        config = from_placeholders((self.folder / "stack-config.yaml").read_text(), api_root)
        # After `stack init`, which writes a config file of its own: the recorded one
        # carries the salt the recorded secrets were encrypted with.
        (program / f"Pulumi.{self.stack}.yaml").write_text(config)
        state = work / "state.json"
        state.write_text(from_placeholders((self.folder / "state.json").read_text(), api_root))
        stack.run("stack", "import", "--file", str(state))
        return stack


@dataclass
class CliStack:
    """The real `pulumi` CLI on one stack of a program folder, with a private backend."""

    work: Path
    stack: str
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, work: Path, stack: str, state_dir: Path, passphrase: str) -> CliStack:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATAROBOT_", "PULUMI_"))}
        env.update(engine_env(state_dir))
        env["PULUMI_CONFIG_PASSPHRASE"] = passphrase
        made = cls(work, stack, env)
        made.run("stack", "init")
        return made

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        """`pulumi ARGS --non-interactive --stack STACK`; raises on an unexpected exit."""
        started = time.monotonic()
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--stack", self.stack],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if ok and done.returncode != 0:
            raise AssertionError(
                f"`pulumi {' '.join(args)}` exited {done.returncode} after "
                f"{time.monotonic() - started:.1f}s\n--- stdout\n{done.stdout[-6000:]}\n"
                f"--- stderr\n{done.stderr[-6000:]}"
            )
        return done

    def install(self) -> None:
        """`pulumi install`: the project's dependencies and the plugins of `packages:`."""
        done = subprocess.run(
            ["pulumi", "install", "--non-interactive"],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-6000:]

    def set_config(self, values: dict[str, str]) -> None:
        if values:
            self.run("config", "set-all", *(f"--plaintext={k}={v}" for k, v in values.items()))

    def planned(self) -> dict[str, str]:
        """`pulumi preview`: the operation planned per resource of ours (by name)."""
        done = self.run("preview", "--json", "--show-sames")
        return _ops(json.loads(done.stdout))

    def export(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return document

    def ids(self) -> dict[str, str]:
        """Resource name -> ID of our resources in the state."""
        return {name: object_id for name, (_kind, object_id) in self.objects().items()}

    def objects(self) -> dict[str, tuple[str, str]]:
        """Resource name -> (kind, ID) of our resources in the state."""
        return {
            str(r["urn"]).rsplit("::", 1)[-1]: (_kind(str(r["type"])), str(r["id"]))
            for r in self.export()["deployment"].get("resources") or []
            if _ours(str(r.get("type", ""))) and r.get("id")
        }


def _ours(type_token: str) -> bool:
    return type_token.startswith(
        ("pulumi-python:dynamic/datarobot-workloads:", "datarobot-workloads:index:")
    )


def _kind(type_token: str) -> str:
    """`Workload` of either front door's type token."""
    return type_token.rsplit(":", 1)[-1]


def _ops(preview: dict[str, Any]) -> dict[str, str]:
    ops: dict[str, str] = {}
    for step in preview.get("steps") or []:
        urn = str(step.get("urn", ""))
        type_token = urn.split("::")[2].rsplit("$", 1)[-1] if urn.count("::") >= 3 else ""
        if _ours(type_token):
            ops[urn.rsplit("::", 1)[-1]] = str(step.get("op"))
    return ops


def all_fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if (p / "fixture.json").is_file())
