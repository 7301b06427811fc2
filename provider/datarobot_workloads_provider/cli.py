"""`datarobot-workloads`: commands for the situations Pulumi's own CLI cannot handle alone.

    datarobot-workloads adopt-pending [--stack NAME] [--cwd DIR] [--dry-run] [--json]
    datarobot-workloads promote --from STACK --to STACK [--version N] [--yes] [--dry-run] ...

Run in the project folder, with the same environment as `pulumi` (backend login,
PULUMI_CONFIG_PASSPHRASE), after `pulumi up` was killed: it exports the stack, finds the
objects of its pending creates by name (see `pending`), imports the edited state, and
says what to run next. The API endpoint and token come from the stack's config
(`datarobot:endpoint`, secret `datarobot:apikey`) or DATAROBOT_ENDPOINT and
DATAROBOT_API_TOKEN; the token is never printed.

`promote` (the `promote` package) moves the registered version one stack runs into
another, with gates, a preview, verification and automatic rollback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .client.errors import ApiError
from .client.settings import ApiSettings
from .pending import Outcome, adopt_pending_creates
from .promote import arguments as promote_arguments

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .client import models
    from .client.api import WorkloadApi

EXIT_OK, EXIT_LEFT_PENDING, EXIT_FAILED = 0, 1, 2


class CommandFailed(Exception):
    """A step failed; the message says which and why."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="datarobot-workloads",
        description="Helpers for stacks of pulumi-datarobot-workloads resources.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    adopt = commands.add_parser(
        "adopt-pending",
        help="after `pulumi up` was killed: adopt the objects its pending creates made",
        description="After `pulumi up` was killed mid-create (Ctrl-C twice, kill, crash), "
        "the state holds pending creates whose objects may exist. This finds each one by "
        "its API name and records it in the state with its ID (or drops the pending "
        "create when no object exists), so the next `up` does not create it twice. Then "
        "run `pulumi refresh --yes` and `pulumi up`.",
        epilog="exit status: 0 done (or nothing to do), 1 some creates were left pending "
        "(several objects share a name: the message says which), 2 a step failed",
    )
    adopt.add_argument("--stack", help="the stack (default: the selected one)")
    adopt.add_argument(
        "--cwd", type=Path, default=Path("."), help="the project folder (default: this one)"
    )
    adopt.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    adopt.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    promote_arguments.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "promote":
        from .promote.command import run as promote

        return promote(args)
    try:
        return adopt_pending(args.cwd, args.stack, dry_run=args.dry_run, as_json=args.json)
    except CommandFailed as failure:
        print(f"datarobot-workloads: {failure}", file=sys.stderr)
        return EXIT_FAILED


def adopt_pending(cwd: Path, stack: str | None, *, dry_run: bool, as_json: bool) -> int:
    pulumi = Pulumi(cwd, stack)
    document = json.loads(pulumi.run("stack", "export"))
    settings = ApiSettings.resolve(pulumi.config())
    problem = settings.problem
    if problem:
        raise CommandFailed(problem)
    from .client.api import WorkloadApi

    api = WorkloadApi(settings)
    try:
        edited, outcomes = adopt_pending_creates(document, lambda k, n: _ids_named(api, k, n))
    except ApiError as error:
        raise CommandFailed(f"looking up objects failed: {error}") from error
    finally:
        api.close()
    changed = any(outcome.action != "left pending" for outcome in outcomes)
    if changed and not dry_run:
        with tempfile.TemporaryDirectory(prefix="datarobot-workloads-") as folder:
            path = Path(folder) / "state.json"
            path.write_text(json.dumps(edited), encoding="utf-8")
            pulumi.run("stack", "import", "--file", str(path))
    _report(outcomes, dry_run=dry_run, changed=changed, as_json=as_json)
    left = any(outcome.action == "left pending" for outcome in outcomes)
    return EXIT_LEFT_PENDING if left else EXIT_OK


def _ids_named(api: WorkloadApi, kind: str, name: str) -> list[str]:
    """IDs of the live objects of `kind` whose name is exactly `name`."""
    found: Iterable[models.Artifact | models.Workload | models.Deployment]
    if kind == "Artifact":
        found = api.list_artifacts(search=name)
    elif kind == "Workload":
        found = api.list_workloads(search=name)
    else:
        found = api.list_deployments(search=name)
    return [obj.id for obj in found if obj.name == name]


def _report(outcomes: list[Outcome], *, dry_run: bool, changed: bool, as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "urn": o.urn,
                "kind": o.kind,
                "name": o.name,
                "action": o.action,
                "id": o.object_id,
                "reason": o.reason,
            }
            for o in outcomes
        ]
        print(json.dumps({"dry_run": dry_run, "outcomes": rows}, indent=2))
        return
    if not outcomes:
        print("no pending creates of datarobot-workloads resources: nothing to do")
        return
    for outcome in outcomes:
        print(("would have " if dry_run else "") + outcome.describe())
    if dry_run:
        print("dry run: the state was not changed")
    elif changed:
        print("state updated; next: `pulumi refresh --yes`, then `pulumi up`")


class Pulumi:
    """The user's `pulumi` CLI, in the project folder, on one stack."""

    def __init__(self, cwd: Path, stack: str | None) -> None:
        binary = shutil.which("pulumi")
        if binary is None:
            raise CommandFailed("`pulumi` is not on PATH")
        self.binary = binary
        self.cwd = cwd
        self.stack = stack

    def run(self, *args: str, secret_output: bool = False) -> str:
        """The command's stdout; a failure raises with its stderr (its stdout too, unless
        that may hold secrets)."""
        command = [self.binary, *args, "--non-interactive"]
        if self.stack:
            command += ["--stack", self.stack]
        done = subprocess.run(
            command, cwd=self.cwd, capture_output=True, text=True, check=False, timeout=600
        )
        if done.returncode != 0:
            shown = done.stderr if secret_output else (done.stderr or done.stdout)
            detail = shown.strip()[-2000:]
            raise CommandFailed(f"`pulumi {' '.join(args)}` failed: {detail}")
        return done.stdout

    def config(self) -> dict[str, Any]:
        """The stack's config values, secrets decrypted (kept in memory, never printed)."""
        values = json.loads(self.run("config", "--json", "--show-secrets", secret_output=True))
        return {key: entry.get("value") for key, entry in values.items() if isinstance(entry, dict)}


if __name__ == "__main__":
    sys.exit(main())
