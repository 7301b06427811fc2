"""The Artifact resource: what containers to run. Draft until registered, then immutable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi.dynamic
from datarobot_workloads_provider.artifact import ArtifactProvider
from datarobot_workloads_provider.definitions import ARTIFACT

from ._props import apply_options, evaluated_annotations, plain, with_outputs

if TYPE_CHECKING:
    from datarobot_workloads_provider.definitions import ArtifactInputs
    from typing_extensions import Unpack

OUTPUTS = ARTIFACT.property_names


@evaluated_annotations
class Artifact(pulumi.dynamic.Resource, module="datarobot-workloads", name="Artifact"):
    """A container artifact in the registry.

    Edits to a draft update it in place; `status="registered"` locks it (one way). Once
    registered, a change of `spec` or `type`, or a return to draft, replaces it with a new
    artifact (a new version). Workloads should take `spec_revision` as their
    `artifact_revision` (or be given `artifact=`) so they restart when a draft's spec
    changes under them.
    """

    # Typed here for readers and editors; tests/provider/test_definitions.py checks that
    # each is a property of the definition, and every property is an attribute at runtime.
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
    repository_id: pulumi.Output[str | None]
    api_dialect: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        opts: pulumi.ResourceOptions | None = None,
        **inputs: Unpack[ArtifactInputs],
    ) -> None:
        """The inputs are those of `ArtifactInputs` (its definition); `spec` is required.
        `adopt_id` takes over an existing artifact instead of creating one (the `pulumi
        import` of dynamic resources does not work upstream); the resource option
        `import_=ID` means the same here."""
        props: dict[str, Any] = {key: plain(value) for key, value in inputs.items()}
        opts = apply_options(props, resource_name, "Artifact", opts)
        super().__init__(ArtifactProvider(), resource_name, with_outputs(props, OUTPUTS), opts)
