"""The Deployment resource: a stable invoke URL in front of a workload."""

from __future__ import annotations

import pulumi
import pulumi.dynamic
from datarobot_workloads_provider.deployment import DeploymentProvider

from ._inputs import Importance
from ._props import auto_name, with_outputs
from .workload import Workload

OUTPUTS = (
    "name",
    "workload_id",
    "description",
    "importance",
    "status",
    "endpoint",
    "created_at",
    "updated_at",
    "adopt_id",
    "artifact_status",
)


class Deployment(pulumi.dynamic.Resource, module="datarobot-workloads", name="Deployment"):
    """A deployment of a workload whose artifact is registered.

    Name, description and importance change in place; another workload means a new
    deployment (and a new invoke URL).
    """

    name: pulumi.Output[str]
    workload_id: pulumi.Output[str]
    description: pulumi.Output[str | None]
    importance: pulumi.Output[str]
    status: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    adopt_id: pulumi.Output[str | None]
    artifact_status: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        workload: Workload | None = None,
        workload_id: pulumi.Input[str] | None = None,
        name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        importance: pulumi.Input[Importance] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        artifact_status: pulumi.Input[str | None] | None = None
        if workload is not None:
            workload_id = workload_id if workload_id is not None else workload.id
            artifact_status = workload.declared_artifact_status
        inputs = {
            "name": name if name is not None else auto_name(resource_name, "Deployment"),
            "workload_id": workload_id,
            "description": description,
            "importance": importance,
            "adopt_id": adopt_id,
            "artifact_status": artifact_status,
        }
        super().__init__(DeploymentProvider(), resource_name, with_outputs(inputs, OUTPUTS), opts)
