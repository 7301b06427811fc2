"""The documented recovery after `pulumi up` was killed: adopt its pending creates.

A graceful Ctrl-C lets the engine finish the operations in flight, so the state stays
exact. A second Ctrl-C (or a kill) ends the engine at once: each create that was in flight
stays in the state only as a "pending operation" with its inputs but without an ID, while
the object it was creating may well exist on the server. Pulumi v3.260 cannot import
these for us: `pulumi refresh --import-pending-creates URN ID` drops them instead of
importing them, and `--clear-pending-creates` (or a plain `up`) forgets them, so the next
`up` creates the objects a second time and the first ones become orphans.

The recovery therefore edits the state, as the README's troubleshooting section says:
for each pending create, find the object by the name in its inputs; if it exists, record
it as a resource with that ID (its inputs stand in for outputs until the refresh that
follows reads the real ones), otherwise drop the pending create; then import the state,
`pulumi refresh`, and `pulumi up`.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.resilience.cli import CliStack
from tests.resilience.inventory import Inventory, kind_of


@dataclass
class Recovery:
    """What the recovery did with each pending create (by URN)."""

    adopted: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def adopt_pending_creates(stack: CliStack, inventory: Inventory, work: Path) -> Recovery:
    """Steps 1-3 of the documented recovery; the caller then runs refresh and up."""
    document = stack.export()
    deployment = document["deployment"]
    resources: list[dict[str, Any]] = deployment.setdefault("resources", [])
    known = {str(r.get("id")) for r in resources if r.get("id")}
    recovery = Recovery()
    still_pending: list[dict[str, Any]] = []
    for operation in deployment.get("pending_operations") or []:
        resource = operation["resource"]
        if operation.get("type") != "creating":
            still_pending.append(operation)
            continue
        name = resource.get("inputs", {}).get("name")
        kind = kind_of(resource)
        found = [
            o
            for o in inventory.objects(str(name))
            if o.kind == kind and o.name == name and o.id not in known
        ]
        if len(found) > 1:
            raise AssertionError(f"{resource['urn']}: {len(found)} objects named {name!r}")
        if not found:
            recovery.dropped.append(resource["urn"])
            continue
        adopted = copy.deepcopy(resource)
        adopted["id"] = found[0].id
        adopted["outputs"] = copy.deepcopy(resource.get("inputs") or {})
        resources.append(adopted)
        known.add(found[0].id)
        recovery.adopted[resource["urn"]] = found[0].id
    deployment["pending_operations"] = still_pending
    edited = work / "state-with-adopted-creates.json"
    edited.write_text(json.dumps(document), encoding="utf-8")
    stack.run("stack", "import", "--file", str(edited))
    return recovery
