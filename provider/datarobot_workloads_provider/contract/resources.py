"""Container resources in both dialects: one program, sized the same way in each.

The older dialect sizes a container on the artifact (`spec...containers[].
resource_request`); the current one on the workload's runtime (`runtime.containers[]
{name, resource_allocation}`), and its artifacts take no resources at all. So a program
keeps its `resource_request` where it always was, and in the current dialect:

- the artifact keeps it in the state only: it is never sent (`without_requests`), and a
  read puts the declared one back on the API's spec (`with_requests`), so it is neither
  drift nor a reason for a new version;
- the workload receives its artifact's containers with their requests
  (`requests_by_container`, its input `artifact_resources`: a list, since container names
  are data that no key translation may touch) and turns each request into the
  container's allocation, unless its own `runtime.containers` names that container
  (`sized_runtime`). The runtime is what the plan shows and compares, so a changed request
  is a rolling update of the workload.

What one dialect cannot express is refused at check, naming the property
(`request_failures`, `runtime_container_failures`). Plain data only: the SDK imports this.
"""

from __future__ import annotations

from typing import Any

# resource_request -> resource_allocation (gpu_type has no counterpart in the current one).
_ALLOCATED = ("cpu", "memory", "gpu")


def _containers(spec: Any) -> list[tuple[int, int, dict[str, Any]]]:
    found = []
    if isinstance(spec, dict):
        for g, group in enumerate(spec.get("container_groups") or []):
            for c, container in enumerate((group or {}).get("containers") or []):
                if isinstance(container, dict):
                    found.append((g, c, container))
    return found


def requests_by_container(spec: Any) -> list[dict[str, Any]]:
    """Each container of an artifact's spec: its name, and its `resource_request` if any."""
    found: list[dict[str, Any]] = requests_of([c for _, _, c in _containers(spec)])
    return found


def requests_of(containers: Any) -> Any:
    """Containers as `artifact_resources` holds them: name and request, nothing else. So a
    plugin program may pass its artifact's containers whole (`${artifact.spec.
    containerGroups[0].containers}`) and the workload's state keeps only what sizes them."""
    if not isinstance(containers, list):
        return containers
    found = []
    for container in containers:
        if not isinstance(container, dict):
            continue
        entry: dict[str, Any] = {"name": container.get("name")}
        if container.get("resource_request") is not None:
            entry["resource_request"] = container["resource_request"]
        found.append(entry)
    return found


def _by_name(artifact: Any) -> dict[str, Any] | None:
    """`artifact_resources` as {name: request or None}; None when it is not a list."""
    if not isinstance(artifact, list):
        return None
    return {
        str(entry.get("name")): entry.get("resource_request")
        for entry in artifact
        if isinstance(entry, dict)
    }


def allocation_of(request: dict[str, Any]) -> dict[str, Any]:
    """A `resource_request` as the current dialect's `resource_allocation`."""
    return {key: request[key] for key in _ALLOCATED if request.get(key) is not None}


def request_failures(spec: Any) -> list[tuple[str, str]]:
    """Current dialect: what of a `resource_request` an allocation cannot say."""
    failures = []
    for g, c, container in _containers(spec):
        request = container.get("resource_request")
        if isinstance(request, dict) and request.get("gpu_type") is not None:
            failures.append(
                (
                    f"spec.container_groups[{g}].containers[{c}].resource_request.gpu_type",
                    "the current dialect of the Workload API sizes containers in the "
                    "workload's runtime, which has no GPU type (a resource bundle picks the "
                    "hardware: the Workload's runtime.resource_bundle_id); remove it",
                )
            )
    return failures


def runtime_container_failures(runtime: Any, artifact: Any) -> list[tuple[str, str]]:
    """Each container named once, and (when the artifact's containers are known) one of them."""
    if not isinstance(runtime, dict):
        return []
    failures = []
    seen: set[str] = set()
    by_name = _by_name(artifact)
    known = set(by_name) if by_name is not None else None
    for index, entry in enumerate(runtime.get("containers") or []):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        where = f"runtime.containers[{index}].name"
        if name in seen:
            failures.append((where, f"container {name!r} is named twice"))
        elif known is not None and name not in known:
            names = ", ".join(repr(n) for n in sorted(known)) or "none"
            failures.append(
                (where, f"the artifact has no container {name!r} (its containers: {names})")
            )
        seen.add(name)
    return failures


def sized_runtime(runtime: dict[str, Any], artifact: Any) -> dict[str, Any]:
    """The runtime with an entry for each artifact container that requests resources and
    that `runtime.containers` does not name (those it names keep their own allocation)."""
    entries = list(runtime.get("containers") or [])
    named = {entry.get("name") for entry in entries if isinstance(entry, dict)}
    for name, request in (_by_name(artifact) or {}).items():
        if name in named or not isinstance(request, dict):
            continue
        allocation = allocation_of(request)
        if allocation:
            entries.append({"name": name, "resource_allocation": allocation})
    if not entries:
        return runtime
    return {**runtime, "containers": entries}


def without_requests(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without any `resource_request` (what the current dialect accepts)."""
    groups = []
    for group in spec.get("container_groups") or []:
        containers = [
            {k: v for k, v in container.items() if k != "resource_request"}
            for container in group.get("containers") or []
        ]
        groups.append({**group, "containers": containers})
    return {**spec, "container_groups": groups}


def with_requests(live: dict[str, Any] | None, declared: Any) -> dict[str, Any] | None:
    """The API's spec with the declared `resource_request` of each container it has (by
    group and container name): the current dialect keeps them in the state only."""
    if live is None:
        return None
    requests = {
        (group_name, container.get("name")): container.get("resource_request")
        for group_name, container in _named(declared)
    }
    groups = []
    for group in live.get("container_groups") or []:
        containers = []
        for container in group.get("containers") or []:
            request = requests.get((group.get("name") or "default", container.get("name")))
            containers.append(
                {**container, "resource_request": request} if request is not None else container
            )
        groups.append({**group, "containers": containers})
    return {**live, "container_groups": groups}


def _named(spec: Any) -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(spec, dict):
        for group in spec.get("container_groups") or []:
            name = (group or {}).get("name") or "default"
            for container in (group or {}).get("containers") or []:
                if isinstance(container, dict):
                    found.append((name, container))
    return found
