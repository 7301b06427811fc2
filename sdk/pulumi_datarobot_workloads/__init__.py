"""Pulumi resources for the DataRobot Workload API: Artifact, Workload, Deployment.

Credentials come from stack config (`datarobot:endpoint`, secret `datarobot:apikey`), else
from DATAROBOT_ENDPOINT / DATAROBOT_API_TOKEN.
"""

from typing import TYPE_CHECKING

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
from .workload import Workload

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

if TYPE_CHECKING:
    from . import lookups as lookups
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
else:
    import importlib

    # The lookups load on first use: most programs only declare resources, and every
    # command's program would pay ~3 ms for the lookups' result types and functions.
    # Type checkers see the imports above (and no `__getattr__`), so these names keep
    # their real types and a misspelt one is still an error.
    # The exported names not imported above are the lookups'.
    _LOOKUPS = frozenset(__all__) - globals().keys()

    def __getattr__(name):
        # import_module, not `from . import lookups`: that would ask this function again.
        if name == "lookups":
            return importlib.import_module(f"{__name__}.lookups")
        if name in _LOOKUPS:
            value = getattr(importlib.import_module(f"{__name__}.lookups"), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(globals()) | _LOOKUPS | {"lookups"})


end_quietly_when_cancelled()
