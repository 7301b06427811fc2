"""The documented recovery after `pulumi up` was killed: `datarobot-workloads adopt-pending`.

A graceful Ctrl-C lets the engine finish the operations in flight, so the state stays
exact. A second Ctrl-C (or a kill) ends the engine at once: each create that was in flight
stays in the state only as a "pending operation" with its inputs but without an ID, while
the object it was creating may well exist on the server. The project's CLI adopts them
(datarobot_workloads_provider/pending.py says how); this runs it as a user would, the
installed console script in the project folder with the stack's environment, and the
caller then runs `pulumi refresh` and `pulumi up`, as the README says.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field

from tests.resilience.cli import CliStack


@dataclass
class Recovery:
    """What the recovery did with each pending create (by URN)."""

    adopted: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def datarobot_workloads(stack: CliStack, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `datarobot-workloads` command, in the stack's project folder."""
    command = shutil.which("datarobot-workloads", path=stack.env["PATH"])
    assert command is not None, "the datarobot-workloads console script is not installed"
    return subprocess.run(
        [command, *args],
        cwd=stack.work,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def adopt_pending_creates(stack: CliStack) -> Recovery:
    done = datarobot_workloads(stack, "adopt-pending", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    outcomes = json.loads(done.stdout)["outcomes"]
    return Recovery(
        adopted={o["urn"]: o["id"] for o in outcomes if o["action"] == "adopted"},
        dropped=[o["urn"] for o in outcomes if o["action"] == "dropped"],
    )
