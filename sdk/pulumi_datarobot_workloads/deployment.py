"""The Deployment resource: a stable invoke URL in front of a workload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi.dynamic
from datarobot_workloads_provider.definitions import DEPLOYMENT
from datarobot_workloads_provider.deployment import DeploymentProvider

from ._props import apply_options, evaluated_annotations, plain, with_outputs
from .workload import Workload

if TYPE_CHECKING:
    from datarobot_workloads_provider.definitions import DeploymentInputs
    from typing_extensions import Unpack

OUTPUTS = DEPLOYMENT.property_names


@evaluated_annotations
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
    api_dialect: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]
    artifact_status: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        workload: Workload | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **inputs: Unpack[DeploymentInputs],
    ) -> None:
        """The inputs are those of `DeploymentInputs` (its definition): `workload_id` (or
        `workload=`), `name`, `description`, `importance`."""
        props: dict[str, Any] = {key: plain(value) for key, value in inputs.items()}
        opts = apply_options(props, resource_name, "Deployment", opts)
        if workload is not None:
            if props.get("workload_id") is None:
                props["workload_id"] = workload.id
            props["artifact_status"] = workload.declared_artifact_status
        super().__init__(DeploymentProvider(), resource_name, with_outputs(props, OUTPUTS), opts)
