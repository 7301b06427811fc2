"""Records stack state fixtures with the code of the checkout it runs in.

    source scripts/env.sh
    python -m tests.compat.record python-chain            # -> fixtures/python-chain-<ver>
    python -m tests.compat.record yaml-chain --name yaml-chain-after-rename

For each recipe below: start a local server on a fresh data folder, `pulumi up` the
program in `programs/<program>/` through the recipe's steps (each step sets config, so
the state holds objects that were created and then updated in place), then store the
program, the stack config, `pulumi stack export` and a dump of the server's database in
`fixtures/<name>/` (see `fixtures.py` for the layout). Record new fixtures when a release
changes what goes into the state (provider module paths, input names, the plugin); keep
the old ones: `test_stack_fixtures.py` checks that every fixture ever recorded still
previews with no changes, refreshes cleanly, takes an update and is destroyed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from workload_api_server.launcher import running_server

from tests.compat.fixtures import (
    DATABASE_FILE,
    FIXTURES,
    PASSPHRASE,
    PROGRAMS,
    REPO,
    TOKEN,
    CliStack,
    Update,
    from_placeholders,
    to_placeholders,
)


@dataclass(frozen=True)
class Recipe:
    """How to record one program: its stack, config keys, the `up` steps, and the update
    the test will apply later."""

    program: str
    project: str
    endpoint_key: str
    token_key: str
    steps: tuple[dict[str, str], ...]
    update: Update
    notes: str
    stack: str = "compat"
    # The API dialect the stack speaks (`datarobot:dialect`).
    dialect: str = "older"


RECIPES = {
    "python-chain": Recipe(
        program="python-chain",
        project="compat-python",
        endpoint_key="datarobot:endpoint",
        token_key="datarobot:apikey",
        steps=(
            {},
            # The draft's spec changes in place, and its workload restarts onto it.
            {"compat-python:draft_image": "registry.local/compat-draft:2"},
        ),
        update=Update(
            config={
                "compat-python:description": "updated after restore",
                "compat-python:desired_status": "stopped",
            },
            expect={"deployment": "update", "on-draft": "update"},
            live={
                "deployment": {"description": "updated after restore"},
                "on-draft": {"status": "stopped"},
            },
        ),
        notes="Python dynamic resources: a draft artifact (updated in place once) and a "
        "registered one; a workload on each (the draft's restarted once), one by bare "
        "artifact_id created stopped; a deployment.",
    ),
    "python-current": Recipe(
        program="python-current",
        project="compat-current",
        endpoint_key="datarobot:endpoint",
        token_key="datarobot:apikey",
        dialect="current",
        steps=(
            {},
            # The draft's spec changes in place, and its workload restarts onto it.
            {"compat-current:draft_image": "registry.local/compat-current-draft:2"},
            # The locked artifact's next version; its workload rolls over in place.
            {"compat-current:locked_image": "registry.local/compat-current:2"},
        ),
        update=Update(
            config={
                "compat-current:importance": "critical",
                "compat-current:desired_status": "stopped",
            },
            expect={"on-locked": "update", "on-draft": "update"},
            live={
                "on-locked": {"importance": "critical"},
                "on-draft": {"status": "stopped"},
            },
        ),
        notes="Python dynamic resources in the current dialect: a draft artifact (its spec "
        "updated in place once) and a locked one (replaced once by its next version); a "
        "workload on each (the draft's restarted once, the locked one's rolled over once).",
    ),
    "yaml-chain": Recipe(
        program="yaml-chain",
        project="compat-yaml",
        endpoint_key="datarobot-workloads:endpoint",
        token_key="datarobot-workloads:apikey",
        steps=({}, {"compat-yaml:draftImage": "registry.local/compat-yaml-draft:2"}),
        update=Update(
            config={
                "compat-yaml:description": "updated after restore",
                "compat-yaml:desiredStatus": "stopped",
            },
            expect={"deployment": "update", "onDraft": "update"},
            live={
                "deployment": {"description": "updated after restore"},
                "onDraft": {"status": "stopped"},
            },
        ),
        notes="The plugin package from a YAML program: draft and registered artifacts, a "
        "workload on each, a deployment.",
    ),
}


def _version() -> str:
    return importlib.metadata.version("pulumi-datarobot-workloads")


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "provider", "sdk"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    commit = done.stdout.strip() or "unknown"
    return commit + ("+changes" if dirty.stdout.strip() else "")


def record(recipe: Recipe, name: str, work: Path) -> Path:
    destination = FIXTURES / name
    if destination.exists():
        raise SystemExit(f"{destination} exists; fixtures are never re-recorded, pick a new name")
    data_dir = work / "server-data"
    with running_server(data_dir, step_seconds=0, test_controls=True) as server:
        api_root = server.root_url
        program = work / "program"
        program.mkdir()
        for source in sorted((PROGRAMS / recipe.program).iterdir()):
            if source.is_file():
                text = from_placeholders(source.read_text(), api_root)
                (program / source.name).write_text(text)
        stack = CliStack.create(program, recipe.stack, work / "engine", PASSPHRASE)
        stack.run(
            "config",
            "set-all",
            f"--plaintext={recipe.endpoint_key}={server.base_url}",
            f"--secret={recipe.token_key}={TOKEN}",
            *(
                [f"--plaintext=datarobot:dialect={recipe.dialect}"]
                if recipe.dialect != "older"
                else []
            ),
        )
        for step in recipe.steps:
            stack.set_config(step)
            stack.run("up", "--yes", "--skip-preview")
        # What the test asserts first must hold right now.
        stack.run("preview", "--expect-no-changes")
        exported = stack.run("stack", "export").stdout
        config = (program / f"Pulumi.{recipe.stack}.yaml").read_text()

    connection = sqlite3.connect(data_dir / DATABASE_FILE)
    try:
        dump = "\n".join(connection.iterdump()) + "\n"
    finally:
        connection.close()

    destination.mkdir(parents=True)
    (destination / "program").mkdir()
    for source in sorted((PROGRAMS / recipe.program).iterdir()):
        if source.is_file():
            shutil.copy(source, destination / "program" / source.name)
    (destination / "stack-config.yaml").write_text(to_placeholders(config, api_root))
    (destination / "state.json").write_text(to_placeholders(exported, api_root))
    (destination / "server.sql").write_text(dump)
    meta = {
        "project": recipe.project,
        "stack": recipe.stack,
        "passphrase": PASSPHRASE,
        "endpoint_key": recipe.endpoint_key,
        "token_key": recipe.token_key,
        "update": asdict(recipe.update),
        "dialect": recipe.dialect,
        "recorded_at": f"{_version()} ({_commit()})",
        "notes": recipe.notes,
    }
    (destination / "fixture.json").write_text(json.dumps(meta, indent=2) + "\n")
    return destination


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program", choices=sorted(RECIPES))
    parser.add_argument("--name", help="fixture folder name (default: <program>-<version>)")
    args = parser.parse_args(argv)
    recipe = RECIPES[args.program]
    name = args.name or f"{args.program}-{_version()}"
    with tempfile.TemporaryDirectory(prefix="compat-record-") as work:
        destination = record(recipe, name, Path(work))
    print(f"recorded {destination.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
