"""The Workload resource: an artifact running with a runtime (replicas, autoscaling)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi.dynamic
from datarobot_workloads_provider.contract.resources import requests_by_container
from datarobot_workloads_provider.definitions import WORKLOAD
from datarobot_workloads_provider.workload import WorkloadProvider

from ._props import apply_options, evaluated_annotations, plain, with_outputs
from .artifact import Artifact

if TYPE_CHECKING:
    from datarobot_workloads_provider.definitions import WorkloadInputs
    from datarobot_workloads_provider.lookups import ArtifactInfo
    from typing_extensions import Unpack

OUTPUTS = WORKLOAD.property_names


@evaluated_annotations
class Workload(pulumi.dynamic.Resource, module="datarobot-workloads", name="Workload"):
    """A workload. `pulumi up` returns once it is running (or stopped, if asked).

    In the older dialect a change of name, artifact or runtime replaces it (that API
    cannot change a workload); in the current dialect they change in place, a new artifact
    or runtime by a rolling replacement that keeps its ID and `invoke_url`.
    `desired_status` starts or stops it in place; a new `artifact_revision` restarts it so
    it picks up its draft artifact's changed spec. Pass `artifact=` to wire both the
    artifact's ID and its revision: an `Artifact` of this stack, an `ArtifactInfo` from
    `get_artifact`, or an `Output[ArtifactInfo]`, e.g. another stack's output looked up:
    `StackReference(...).get_output("artifact_id").apply(lambda i: get_artifact(i))`.
    """

    name: pulumi.Output[str]
    artifact_id: pulumi.Output[str]
    runtime: pulumi.Output[dict[str, Any]]
    desired_status: pulumi.Output[str]
    artifact_revision: pulumi.Output[str | None]
    start_timeout_seconds: pulumi.Output[float]
    status: pulumi.Output[str]
    status_details: pulumi.Output[dict[str, Any] | None]
    endpoint: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    invoke_url: pulumi.Output[str | None]
    expires_at: pulumi.Output[str | None]
    importance: pulumi.Output[str | None]
    api_dialect: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]
    artifact_status: pulumi.Output[str | None]
    require_registered_artifact: pulumi.Output[bool | None]

    def __init__(
        self,
        resource_name: str,
        *,
        artifact: Artifact | ArtifactInfo | pulumi.Output[ArtifactInfo] | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **inputs: Unpack[WorkloadInputs],
    ) -> None:
        """The inputs are those of `WorkloadInputs` (its definition): `artifact_id` (or
        `artifact=`), `runtime`, `desired_status`, `start_timeout_seconds` (how long to
        wait for `running`; the definition has its default)...
        `require_registered_artifact=True` makes preview refuse a draft `artifact=`."""
        artifact_id = inputs.get("artifact_id")
        artifact_revision = inputs.get("artifact_revision")
        artifact_status = inputs.get("artifact_status")
        artifact_resources = inputs.get("artifact_resources")
        # The lookups' ArtifactInfo is told apart by elimination, so that declaring a
        # workload does not load the lookups (a program that looks one up has them).
        if isinstance(artifact, Artifact):
            artifact_status = artifact.status
            artifact_id = artifact_id if artifact_id is not None else artifact.id
            if artifact_revision is None:
                artifact_revision = artifact.spec_revision
            if artifact_resources is None:
                # The current dialect sizes containers in the runtime: from these.
                artifact_resources = artifact.spec.apply(requests_by_container)
        elif isinstance(artifact, pulumi.Output):
            # Looked up from another stack's outputs (StackReference): the same, later.
            info: pulumi.Output[ArtifactInfo] = artifact
            artifact_id = artifact_id if artifact_id is not None else info.apply(lambda a: a.id)
            artifact_status = info.apply(lambda a: a.status)
        elif artifact is not None:
            # Looked up, not owned by this stack (promotion): registered ones never change.
            artifact_id = artifact_id if artifact_id is not None else artifact.id
            artifact_status = artifact.status
        props: dict[str, Any] = {key: plain(value) for key, value in inputs.items()}
        opts = apply_options(props, resource_name, "Workload", opts)
        props.update(
            artifact_id=artifact_id,
            artifact_revision=artifact_revision,
            artifact_status=artifact_status,
            artifact_resources=artifact_resources,
        )
        super().__init__(WorkloadProvider(), resource_name, with_outputs(props, OUTPUTS), opts)
        # The artifact's status as this program declares it. Deployments read it from here,
        # not from the workload's state: registering an artifact in place does not update
        # its workloads, so their stored `artifact_status` may still say "draft".
        self.declared_artifact_status: pulumi.Input[str] | None = artifact_status
