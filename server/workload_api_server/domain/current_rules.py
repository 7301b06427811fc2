"""The current dialect's rules that span fields, named by their exact paths.

Spec: a lone container is primary unless it says otherwise; otherwise exactly one is;
`port` is required on the primary and forbidden elsewhere; each container needs `imageUri`
or an image build (and a locked artifact needs `imageUri`, since this server runs no
builds). Runtime: groups and containers must name the artifact's, each container once;
`replicaCount` and enabled autoscaling exclude each other; sizes become bytes.
"""

from __future__ import annotations

import re
from typing import Any

from workload_api_server.domain.validation import dotted
from workload_api_server.schemas.current.artifacts import CurrentSpec
from workload_api_server.schemas.current.workloads import CurrentRuntime, CurrentRuntimeContainer

_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([KMGTP]?)(i?)B?\s*$", re.IGNORECASE)
_POWERS = {"": 0, "K": 1, "M": 2, "G": 3, "T": 4, "P": 5}


def spec_errors(spec: CurrentSpec, path: str, *, locking: bool = False) -> dict[str, str]:
    """Primary and port rules, and where each container's image comes from."""
    errors: dict[str, str] = {}
    for group_index, group in enumerate(spec.container_groups):
        containers = group.containers

        def at(index: int, name: str, group_index: int = group_index) -> str:
            return dotted(path, "containerGroups", group_index, "containers", index, name)

        lone = len(containers) == 1
        primaries = [index for index, container in enumerate(containers) if container.primary]
        if not lone and len(primaries) != 1:
            where = (
                at(primaries[1], "primary")
                if primaries
                else dotted(path, "containerGroups", group_index, "containers")
            )
            errors[where] = "exactly one container must be primary"
        primary_index = 0 if lone else (primaries[0] if primaries else -1)
        for index, container in enumerate(containers):
            if index == primary_index and container.port is None:
                errors[at(index, "port")] = "required on the primary container"
            if index != primary_index and container.port is not None:
                errors[at(index, "port")] = "only the primary container has a port"
            if container.image_uri is None and container.image_build_config is None:
                errors[at(index, "imageUri")] = "required unless imageBuildConfig is given"
            elif locking and container.image_uri is None:
                errors[at(index, "imageUri")] = "required to lock: this server runs no builds"
    return errors


def stored_spec(spec: CurrentSpec) -> dict[str, Any]:
    """As stored and shown: defaults filled in, a lone container marked primary."""
    document = spec.model_dump(mode="json", exclude_none=True)
    for group in document["containerGroups"]:
        if len(group["containers"]) == 1:
            group["containers"][0]["primary"] = True
    return document


def size_in_bytes(value: int | str) -> int | None:
    """`8GB` (powers of 1000) or `8Gi`/`8GiB` (powers of 1024), or bytes; None if neither."""
    if isinstance(value, int):
        return value if value >= 0 else None
    match = _SIZE.match(value)
    if match is None:
        return None
    number, prefix, binary = match.groups()
    base = 1024 if binary else 1000
    return int(float(number) * base ** _POWERS[prefix.upper()])


def runtime_errors(runtime: CurrentRuntime, spec: dict[str, Any], path: str) -> dict[str, str]:
    """Names match the artifact; replica count and autoscaling do not collide; sizes parse."""
    errors: dict[str, str] = {}
    groups = {group["name"]: group for group in spec["containerGroups"]}
    for group_index, group in enumerate(runtime.container_groups):
        here = dotted(path, "containerGroups", group_index)
        if group.name not in groups:
            errors[dotted(here, "name")] = f"no container group {group.name!r} in the artifact"
            continue
        autoscaling = group.autoscaling
        if autoscaling is not None and autoscaling.enabled and group.replica_count is not None:
            errors[dotted(here, "replicaCount")] = "not allowed with autoscaling enabled"
        if autoscaling is not None:
            low, high = autoscaling.min_replica_count, autoscaling.max_replica_count
            if low is not None and high is not None and high < low:
                errors[dotted(here, "autoscaling", "maxReplicaCount")] = (
                    "must be greater than or equal to minReplicaCount"
                )
            for index, policy in enumerate(autoscaling.policies):
                low, high = policy.min_count, policy.max_count
                if low is not None and high is not None and high < low:
                    errors[dotted(here, "autoscaling", "policies", index, "maxCount")] = (
                        "must be greater than or equal to minCount"
                    )
        names = {container["name"] for container in groups[group.name]["containers"]}
        errors.update(repeated_container_errors(group.containers or [], here))
        for index, container in enumerate(group.containers or []):
            where = dotted(here, "containers", index)
            if container.name not in names:
                errors[dotted(where, "name")] = f"no container {container.name!r} in the group"
            allocation = container.resource_allocation
            for field in ("memory", "gpu_memory"):
                value = getattr(allocation, field) if allocation is not None else None
                if value is not None and size_in_bytes(value) is None:
                    camel = "gpuMemory" if field == "gpu_memory" else field
                    errors[dotted(where, "resourceAllocation", camel)] = (
                        "must be bytes or a size such as 512Mi or 8GB"
                    )
    return errors


def repeated_container_errors(
    containers: list[CurrentRuntimeContainer], here: str
) -> dict[str, str]:
    """A container is sized once: a second entry of the same name would leave which
    allocation applies to chance."""
    errors: dict[str, str] = {}
    seen: set[str] = set()
    for index, container in enumerate(containers):
        if container.name in seen:
            errors[dotted(here, "containers", index, "name")] = (
                f"container {container.name!r} is already sized in this group"
            )
        seen.add(container.name)
    return errors


def stored_runtime(runtime: CurrentRuntime | None) -> dict[str, Any]:
    """Defaults filled in (one `default` group of one replica), sizes in bytes."""
    document = (runtime or CurrentRuntime()).model_dump(mode="json", exclude_none=True)
    groups = document.get("containerGroups") or [{"name": "default"}]
    for group in groups:
        group.setdefault("name", "default")
        autoscaling = group.get("autoscaling")
        if group.get("replicaCount") is None and not (autoscaling and autoscaling["enabled"]):
            group["replicaCount"] = 1
        for container in group.get("containers") or []:
            allocation = container.get("resourceAllocation") or {}
            for key in ("memory", "gpuMemory"):
                if key in allocation:
                    allocation[key] = size_in_bytes(allocation[key])
    document["containerGroups"] = groups
    return document


def replicas(runtime: dict[str, Any]) -> int:
    """How many copies the process runtime runs (autoscaled groups run their minimum, >= 1)."""
    group = runtime["containerGroups"][0]
    if group.get("replicaCount") is not None:
        return int(group["replicaCount"])
    autoscaling = group.get("autoscaling") or {}
    return max(1, int(autoscaling.get("minReplicaCount") or 1))
