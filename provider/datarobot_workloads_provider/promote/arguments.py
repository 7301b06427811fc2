"""The `promote` sub-command's arguments and help, apart from the command itself: the
`datarobot-workloads` parser is built for every sub-command, and only `promote` needs
the Automation API and an HTTP client loaded."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

DESCRIPTION = """\
Promote the registered artifact version that one stack runs (--from) into another stack
(--to) that consumes a registered version by config (`artifactVersion` or `artifactId`):

  1. read what each stack runs from its state (`pulumi stack export`: this package's
     Workload, its artifact and Deployment, or in the current dialect of the API the
     workload's own invoke URL; --workload NAME when a stack has several),
     checked against the API: the source's version must be registered and running
     (--version/--artifact-id must match); promote refuses a target whose state cannot
     tell what it runs, since a rollback must know where it returns to
  2. check the gates in the target's config (promotion:minAgeSeconds, promotion:healthPath,
     promotion:maxServerErrors), each against the source
  3. preview the target with the new version, then ask (or --yes) before any API write
  4. `up`, then verify the target within promotion:verifyTimeoutSeconds: its workload runs
     the version, promotion:healthPath answers 2xx (without it: `/` answers, no 5xx),
     promotion:versionPath serves its imageUri, its deployment's stats (older dialect)
     show no new server errors
  5. on failure, set the version the target's state ran before again, `up` and verify it
  6. record the promotion in the target's config (promotion:history; see --history)

Run it in the project folder (or pass --cwd) with the environment `pulumi` needs
(backend login, PULUMI_CONFIG_PASSPHRASE). The API endpoint and token of each stack come
from its config (datarobot:endpoint, secret datarobot:apikey; the plugin's
datarobot-workloads:* keys win) or DATAROBOT_ENDPOINT and
DATAROBOT_API_TOKEN; its dialect from datarobot:dialect or DATAROBOT_API_DIALECT (both
stacks must speak the same; in the current one a promotion and a rollback roll the
target's workload over in place, keeping its invoke URL)."""

EPILOG = """\
exit status: 0 promoted (or a dry run whose gates passed, or nothing to promote),
1 refused (a gate, a draft, a version the source does not run, a target whose state
  cannot tell what it runs, a "no" at the prompt),
2 error (unknown stack, missing config, a failed engine or API call),
3 rolled back (the target failed verification; it runs the previous version again),
4 rollback failed (the previous version did not verify, or the target runs fewer
  objects than before: see the message),
5 needs confirmation (no terminal to ask on and no --yes: nothing was changed),
6 locked (another run holds the target's state lock: nothing was changed; the message
  says whether that lock may be stale and how to clear it),
130 interrupted (the next promote reports and resolves what was left)

examples:
  datarobot-workloads promote --from dev --to prod --dry-run
  datarobot-workloads promote --from dev --to prod --version 3 --yes --json
  datarobot-workloads promote --to prod --history"""


def add_parser(commands: Any) -> None:
    """Registers `promote` on the `datarobot-workloads` sub-command parser."""
    parser = commands.add_parser(
        "promote",
        help="promote the registered version one stack runs into another, with gates, "
        "verification and rollback",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="STACK",
        help="the stack whose running version is promoted (default: the target's "
        "promotion:source config)",
    )
    parser.add_argument(
        "--to", dest="target", metavar="STACK", required=True, help="the stack to promote into"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--version", type=int, metavar="N", help="refuse unless the source runs version N"
    )
    which.add_argument(
        "--artifact-id", metavar="ID", help="refuse unless the source runs artifact ID"
    )
    parser.add_argument(
        "--workload",
        metavar="NAME",
        help="the Workload (its Pulumi resource name) whose version moves, when a stack's "
        "state holds several",
    )
    parser.add_argument(
        "--yes", "-y", action="store_true", help="apply without asking (needed without a terminal)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="check the gates and preview; change nothing"
    )
    parser.add_argument(
        "--history", action="store_true", help="list the target's recorded promotions and exit"
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON document on stdout (for pipelines)"
    )
    parser.add_argument(
        "--cwd", type=Path, default=Path("."), help="the project folder (default: this one)"
    )
