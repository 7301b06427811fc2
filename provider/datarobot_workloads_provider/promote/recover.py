"""What an interrupted promotion leaves in the target, found and resolved before the next.

A promotion can stop anywhere: a CI job cancelled, a runner killed, Ctrl-C twice. Three
traces can remain, and the next promotion looks for each before it changes anything:

- pending operations in the target's state: creates that `up` began and never saw
  finish, whose objects may exist. Once the new promotion is confirmed, they are
  resolved by API name (`resolve_pending`), the edited state is imported, and a
  `refresh` reads the real objects, so the next `up` neither duplicates nor orphans them;
- a history record still `started`: it is marked `interrupted` (see `record`);
- the target's config naming another version than its state's last `up` ran (the run
  ended between the two): reported; the promotion that follows sets the config anyway,
  and its rollback returns to what the state ran.

They are reported before anything changes; a dry run, or a promotion not confirmed,
leaves them as they are.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..client.errors import ApiError
from ..pending import adopt_pending_creates, kind_of
from .errors import PromoteError

if TYPE_CHECKING:
    from ..client.api import WorkloadApi
    from .workspace import ProjectStack

Progress = Callable[[str], None]


def pending_operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return list((document.get("deployment") or {}).get("pending_operations") or [])


def describe_pending(operations: list[dict[str, Any]]) -> str:
    """`creating model (Workload), ...`: what each operation was doing, to what."""
    described = []
    for operation in operations:
        resource = operation.get("resource") or {}
        name = str(resource.get("urn", "?")).rsplit("::", 1)[-1]
        kind = str(resource.get("type", "?")).rsplit(":", 1)[-1]
        described.append(f"{operation.get('type', '?')} {name} ({kind})")
    return ", ".join(described)


def resolve_pending(target: ProjectStack, api: WorkloadApi, progress: Progress) -> list[str]:
    """Resolves the pending creates of our resources, imports the state, refreshes it.

    A pending create whose URN the state still holds was the replacement of that resource
    (promotion replaces the workload and deployment): the object it made, found by name
    and held by no resource of the state, is an orphan running the new version; it is
    deleted and the create dropped, so the next `up` replaces the resource afresh. Any
    other pending create is adopted (`datarobot_workloads_provider.pending`). In the
    current dialect a promotion updates the workload in place instead: an interrupted one
    leaves an `updating` operation, which the refresh clears, reading whichever version
    the workload's rolling replacement left it running. Runs only after the promotion is
    confirmed: deleting an orphan is an API write.
    """
    document = target.export_state()
    if not pending_operations(document):
        return []
    notes: list[str] = []
    edited = copy.deepcopy(document)
    deployment = edited.setdefault("deployment", {})
    resources = deployment.get("resources") or []
    live = {str(r.get("urn")) for r in resources if not r.get("delete")}
    held = {str(r["id"]) for r in resources if r.get("id")}
    kept: list[dict[str, Any]] = []
    replacements: list[tuple[str, str, str]] = []
    for operation in deployment.get("pending_operations") or []:
        resource = operation.get("resource") or {}
        kind = kind_of(str(resource.get("type", "")))
        name = (resource.get("inputs") or {}).get("name")
        urn = str(resource.get("urn", ""))
        if operation.get("type") == "creating" and kind and isinstance(name, str) and urn in live:
            replacements.append((kind, name, urn))
        else:
            kept.append(operation)
    orphans: list[tuple[str, str]] = []
    for kind, name, urn in replacements:
        orphans.extend((kind, i) for i in _named(api, kind, name) if i not in held)
        notes.append(f"dropped the unfinished replacement of {urn}: this `up` redoes it")
    deployment["pending_operations"] = kept
    edited, outcomes = adopt_pending_creates(edited, lambda kind, name: _named(api, kind, name))
    left = [o for o in outcomes if o.action == "left pending"]
    if left:
        raise PromoteError(
            "; ".join(o.describe() for o in left)
            + f": resolve these in {target.name} first (see `datarobot-workloads adopt-pending`)"
        )
    notes.extend(o.describe() for o in outcomes)
    target.import_state(edited)
    # After the import, so a state that cannot be written (a live lock) stops the run
    # before anything is deleted. Deployments first: the API refuses to delete a
    # workload that a deployment still fronts.
    for kind, orphan in sorted(orphans, key=lambda o: o[0] != "Deployment"):
        progress(f"{target.name}: deleting {kind} {orphan}, made by the interrupted `up`")
        try:
            _delete(api, kind, orphan)
        except ApiError as error:
            raise PromoteError(
                f"deleting {kind} {orphan}, which the interrupted `up` made and no state "
                f"holds, failed: {error}; delete it by hand"
            ) from error
        notes.append(f"deleted {kind} {orphan}: the interrupted `up` made it, no state holds it")
    progress(f"{target.name}: refreshing the state from the API")
    target.refresh(progress)
    still = pending_operations(target.export_state())
    if still:
        raise PromoteError(
            f"{target.name}'s state still holds pending operations after adoption and "
            f"refresh: {describe_pending(still)}"
        )
    notes.append(f"{target.name}'s state repaired and refreshed: nothing is pending")
    return notes


def _delete(api: WorkloadApi, kind: str, object_id: str) -> None:
    if kind == "Deployment":
        api.delete_deployment(object_id)
    elif kind == "Workload":
        api.delete_workload(object_id)
    else:
        api.delete_artifact(object_id)


def _named(api: WorkloadApi, kind: str, name: str) -> list[str]:
    """IDs of the live objects of `kind` named exactly `name` (search matches prefixes)."""
    if kind == "Artifact":
        return [a.id for a in api.list_artifacts(search=name) if a.name == name]
    if kind == "Workload":
        return [w.id for w in api.list_workloads(search=name) if w.name == name]
    return [d.id for d in api.list_deployments(search=name) if d.name == name]
