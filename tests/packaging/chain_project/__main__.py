"""The whole chain from the installed wheel: a registered artifact, a workload, a deployment.

`description` is the in-place update the matrix makes after `up`, `preview` and `refresh`.
"""

import sys

import pulumi
from pulumi_datarobot_workloads import (
    Artifact,
    ArtifactSpecArgs,
    ContainerArgs,
    ContainerGroupArgs,
    Deployment,
    RuntimeArgs,
    Workload,
)

config = pulumi.Config()
artifact = Artifact(
    "model",
    status="registered",
    spec=ArtifactSpecArgs(
        container_groups=[
            ContainerGroupArgs(
                containers=[
                    ContainerArgs(name="app", image_uri="registry.example.com/model:1.0", port=8080)
                ]
            )
        ]
    ),
)
workload = Workload("model", artifact=artifact, runtime=RuntimeArgs(replica_count=1))
deployment = Deployment(
    "model", workload=workload, importance="low", description=config.require("description")
)
pulumi.export("invoke_url", deployment.endpoint)
pulumi.export("deployment_id", deployment.id)

# What this program process loaded of the local server: a provider-only install must load
# none of it (the matrix asserts this list is empty).
pulumi.export(
    "server_modules",
    sorted(
        name
        for name in sys.modules
        if name.split(".")[0] in ("workload_api_server", "fastapi", "starlette", "uvicorn")
    ),
)
