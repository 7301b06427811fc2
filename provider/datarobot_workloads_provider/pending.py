"""Adopting the creates that a killed `pulumi up` left pending, so none is made twice.

When the engine stops at once (Ctrl-C twice, a kill, a crash), each create that was in
flight stays in the state only as a pending operation: its inputs, no ID. Its object may
well exist. A plain `up` would then create it a second time and orphan the first, and
Pulumi v3.260 cannot adopt it for us (`pulumi refresh --import-pending-creates` drops it,
`--clear-pending-creates` forgets it). Inputs always carry the object's API name, and
names are unique within a stack, so the object can be found by name and written into the
state with its ID; the refresh that follows reads its real outputs.

This module edits a state document (`pulumi stack export`); `cli` does the I/O.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

KINDS = ("Artifact", "Workload", "Deployment")
# The type tokens of both front doors: dynamic resources and the plugin package.
_TYPE_PREFIXES = ("pulumi-python:dynamic/datarobot-workloads:", "datarobot-workloads:index:")

Action = Literal["adopted", "dropped", "left pending"]
# (kind, API name) -> IDs of the live objects of that kind with exactly that name.
FindByName = Callable[[str, str], list[str]]


@dataclass(frozen=True)
class Outcome:
    """What happened to one pending create."""

    urn: str
    kind: str
    name: str
    action: Action
    object_id: str | None = None
    reason: str = ""

    def describe(self) -> str:
        what = f"{self.kind} {self.name!r} ({self.urn})"
        if self.action == "adopted":
            return f"adopted {what} as {self.object_id}"
        if self.action == "dropped":
            return f"dropped {what}: no such object exists, so the next `up` creates it"
        return f"left {what} pending: {self.reason}"


def kind_of(type_token: str) -> str | None:
    """`Workload` for either front door's Workload token; None for other providers'."""
    for prefix in _TYPE_PREFIXES:
        if type_token.startswith(prefix) and type_token[len(prefix) :] in KINDS:
            return type_token[len(prefix) :]
    return None


def adopt_pending_creates(
    document: dict[str, Any], find: FindByName
) -> tuple[dict[str, Any], list[Outcome]]:
    """A copy of the exported state with each pending create of ours resolved: adopted
    when exactly one object of its kind and name exists that the state does not hold
    yet, dropped when none does, left pending (for a person to decide) when several do.
    Other pending operations, and other providers' resources, are left as they are."""
    edited = copy.deepcopy(document)
    deployment: dict[str, Any] = edited.setdefault("deployment", {})
    resources: list[dict[str, Any]] = deployment.setdefault("resources", []) or []
    deployment["resources"] = resources
    held = {str(r["id"]) for r in resources if r.get("id")}
    outcomes: list[Outcome] = []
    still_pending: list[dict[str, Any]] = []
    for operation in deployment.get("pending_operations") or []:
        resource = operation.get("resource") or {}
        kind = kind_of(str(resource.get("type", "")))
        name = (resource.get("inputs") or {}).get("name")
        if operation.get("type") != "creating" or kind is None:
            still_pending.append(operation)
            continue
        urn = str(resource.get("urn", ""))
        if not isinstance(name, str) or not name:
            still_pending.append(operation)
            outcomes.append(Outcome(urn, kind, "", "left pending", reason="its inputs name none"))
            continue
        found = [object_id for object_id in find(kind, name) if object_id not in held]
        if not found:
            outcomes.append(Outcome(urn, kind, name, "dropped"))
            continue
        if len(found) > 1:
            still_pending.append(operation)
            reason = (
                f"{len(found)} {kind.lower()}s are named {name!r} ({', '.join(found)}); keep "
                "one by giving the resource adopt_id, delete the others"
            )
            outcomes.append(Outcome(urn, kind, name, "left pending", reason=reason))
            continue
        adopted = copy.deepcopy(resource)
        adopted["id"] = found[0]
        # The inputs stand in for outputs until the refresh reads the real ones; for a
        # dynamic resource they also carry the provider reference the engine needs.
        adopted["outputs"] = copy.deepcopy(resource.get("inputs") or {})
        resources.append(adopted)
        held.add(found[0])
        outcomes.append(Outcome(urn, kind, name, "adopted", object_id=found[0]))
    deployment["pending_operations"] = still_pending
    return edited, outcomes
