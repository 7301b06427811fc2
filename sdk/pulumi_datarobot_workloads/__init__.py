"""Pulumi resources for the DataRobot Workload API: Artifact, Workload, Deployment.

Credentials come from stack config (`datarobot:endpoint`, secret `datarobot:apikey`), else
from DATAROBOT_ENDPOINT / DATAROBOT_API_TOKEN.
"""

from ._cancel import end_quietly_when_cancelled
from ._inputs import (
    ArtifactSpecArgs,
    AutoscalingArgs,
    ContainerArgs,
    ContainerGroupArgs,
    EnvironmentVarArgs,
    ProbeArgs,
    ResourceAllocationArgs,
    ResourceRequestArgs,
    RuntimeArgs,
    RuntimeContainerArgs,
    ScalingPolicyArgs,
)
from .artifact import Artifact
from .deployment import Deployment
from .lookups import (
    ArtifactInfo,
    DeploymentInfo,
    WorkloadInfo,
    get_artifact,
    get_deployment,
    get_deployment_stats,
    get_workload,
    list_artifacts,
    list_deployments,
    list_workloads,
)
from .workload import Workload

end_quietly_when_cancelled()

__all__ = [
    "Artifact",
    "ArtifactInfo",
    "ArtifactSpecArgs",
    "AutoscalingArgs",
    "ContainerArgs",
    "ContainerGroupArgs",
    "Deployment",
    "DeploymentInfo",
    "EnvironmentVarArgs",
    "ProbeArgs",
    "ResourceAllocationArgs",
    "ResourceRequestArgs",
    "RuntimeArgs",
    "RuntimeContainerArgs",
    "ScalingPolicyArgs",
    "Workload",
    "WorkloadInfo",
    "get_artifact",
    "get_deployment",
    "get_deployment_stats",
    "get_workload",
    "list_artifacts",
    "list_deployments",
    "list_workloads",
]
