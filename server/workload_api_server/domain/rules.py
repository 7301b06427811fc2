"""Value rules that span fields, which a pydantic type cannot express with the right path.

A model validator would report at the model's location; the contract wants the exact
field (`spec.containerGroups.0.containers.1.primary`), so these run after type validation
and name paths themselves.
"""

from __future__ import annotations

from typing import Any

from workload_api_server.domain.validation import dotted
from workload_api_server.schemas.artifacts import ArtifactSpec, Container
from workload_api_server.schemas.workloads import WorkloadRuntime


def _indexed_containers(spec: ArtifactSpec) -> list[tuple[int, int, Container]]:
    return [
        (group_index, container_index, container)
        for group_index, group in enumerate(spec.container_groups)
        for container_index, container in enumerate(group.containers)
    ]


def spec_errors(spec: ArtifactSpec, path: str) -> dict[str, str]:
    """Exactly one primary container per artifact, and it must have a port."""
    errors: dict[str, str] = {}
    containers = _indexed_containers(spec)

    def at(group: int, index: int, field: str = "") -> str:
        return dotted(path, "containerGroups", group, "containers", index, field)

    primary: tuple[int, int, Container] | None = None
    if len(containers) == 1:
        group, index, container = containers[0]
        if container.primary is False:
            errors[at(group, index, "primary")] = "a lone container must be primary"
        else:
            primary = containers[0]
    else:
        primaries = [entry for entry in containers if entry[2].primary is True]
        if not primaries:
            errors[dotted(path, "containerGroups", 0, "containers")] = (
                "exactly one container must be primary"
            )
        else:
            primary = primaries[0]
            for group, index, _ in primaries[1:2]:
                errors[at(group, index, "primary")] = "only one container may be primary"
    if primary is not None and primary[2].port is None:
        errors[at(primary[0], primary[1], "port")] = "required on the primary container"
    return errors


def normalized_spec(spec: ArtifactSpec) -> dict[str, Any]:
    """The spec as stored and shown: defaults filled in, `primary` explicit everywhere."""
    lone = len(_indexed_containers(spec)) == 1
    document = spec.model_dump(mode="json")
    for group in document["containerGroups"]:
        for container in group["containers"]:
            container["primary"] = True if lone else bool(container["primary"])
    return document


def runtime_errors(runtime: WorkloadRuntime, path: str) -> dict[str, str]:
    """Autoscaling bounds must not cross."""
    errors: dict[str, str] = {}
    if runtime.autoscaling is not None:
        for index, policy in enumerate(runtime.autoscaling.policies):
            if policy.max_count < policy.min_count:
                field = dotted(path, "autoscaling", "policies", index, "maxCount")
                errors[field] = "must be greater than or equal to minCount"
    return errors
