"""The Artifact resource: what containers to run. Draft until registered, then immutable."""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic
from datarobot_workloads_provider.artifact import ArtifactProvider

from ._inputs import ArtifactSpecArgs, ArtifactSpecDict, ArtifactStatus
from ._props import auto_name, plain, with_outputs

OUTPUTS = (
    "name",
    "description",
    "type",
    "status",
    "spec",
    "spec_revision",
    "version",
    "created_at",
    "updated_at",
    "registered_at",
    "adopt_id",
)


class Artifact(pulumi.dynamic.Resource, module="datarobot-workloads", name="Artifact"):
    """A container artifact in the registry.

    Edits to a draft update it in place; `status="registered"` locks it (one way). Once
    registered, a change of `spec` or `type`, or a return to draft, replaces it with a new
    artifact (a new version). Workloads should take `spec_revision` as their
    `artifact_revision` (or be given `artifact=`) so they restart when a draft's spec
    changes under them.
    """

    name: pulumi.Output[str]
    description: pulumi.Output[str | None]
    type: pulumi.Output[str]
    status: pulumi.Output[str]
    spec: pulumi.Output[dict[str, Any]]
    spec_revision: pulumi.Output[str]
    version: pulumi.Output[int | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    registered_at: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        spec: ArtifactSpecArgs | ArtifactSpecDict | pulumi.Input[dict[str, Any]],
        name: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        status: pulumi.Input[ArtifactStatus] | None = None,
        type: pulumi.Input[str] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """`adopt_id` takes over an existing artifact instead of creating one (the
        `pulumi import` of dynamic resources does not work upstream)."""
        inputs = {
            "name": name if name is not None else auto_name(resource_name, "Artifact"),
            "description": description,
            "status": status,
            "type": type,
            "spec": plain(spec),
            "adopt_id": adopt_id,
        }
        super().__init__(ArtifactProvider(), resource_name, with_outputs(inputs, OUTPUTS), opts)
