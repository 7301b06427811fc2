"""Typed input classes. Each may also be written as a plain dict with the same keys.

They are declared once, beside the resource definitions, in
`datarobot_workloads_provider.contract.args` (the strict input models, the wire models and the
package schema are derived from the same declarations); this module is their public name.
"""

from datarobot_workloads_provider.contract.args import (
    ArtifactSpecArgs,
    ArtifactSpecDict,
    ArtifactStatus,
    AutoscalingArgs,
    AutoscalingDict,
    ContainerArgs,
    ContainerDict,
    ContainerGroupArgs,
    ContainerGroupDict,
    DesiredStatus,
    EnvironmentVarArgs,
    EnvironmentVarDict,
    Importance,
    ProbeArgs,
    ProbeDict,
    ResourceAllocationArgs,
    ResourceAllocationDict,
    ResourceRequestArgs,
    ResourceRequestDict,
    RuntimeArgs,
    RuntimeContainerArgs,
    RuntimeContainerDict,
    RuntimeDict,
    ScalingMetric,
    ScalingPolicyArgs,
    ScalingPolicyDict,
)

__all__ = [
    "ArtifactSpecArgs",
    "ArtifactSpecDict",
    "ArtifactStatus",
    "AutoscalingArgs",
    "AutoscalingDict",
    "ContainerArgs",
    "ContainerDict",
    "ContainerGroupArgs",
    "ContainerGroupDict",
    "DesiredStatus",
    "EnvironmentVarArgs",
    "EnvironmentVarDict",
    "Importance",
    "ProbeArgs",
    "ProbeDict",
    "ResourceAllocationArgs",
    "ResourceAllocationDict",
    "ResourceRequestArgs",
    "ResourceRequestDict",
    "RuntimeArgs",
    "RuntimeContainerArgs",
    "RuntimeContainerDict",
    "RuntimeDict",
    "ScalingMetric",
    "ScalingPolicyArgs",
    "ScalingPolicyDict",
]
