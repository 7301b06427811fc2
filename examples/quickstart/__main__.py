"""Quickstart: one registered artifact, its running workload, and a deployment in front.

`pulumi up` creates the three; the stack outputs give the deployment's invoke URL.
"""

from pathlib import Path

import pulumi
from pulumi_datarobot_workloads import (
    Artifact,
    ArtifactSpecArgs,
    ContainerArgs,
    ContainerGroupArgs,
    Deployment,
    EnvironmentVarArgs,
    ProbeArgs,
    ResourceRequestArgs,
    RuntimeArgs,
    Workload,
)

config = pulumi.Config()
app_source = (Path(__file__).parent / "app.py").read_text()

artifact = Artifact(
    "hello",
    description="Quickstart: a tiny JSON echo service",
    status="registered",
    spec=ArtifactSpecArgs(
        container_groups=[
            ContainerGroupArgs(
                containers=[
                    ContainerArgs(
                        name="app",
                        image_uri="python:3.11-slim",
                        port=8080,
                        entrypoint=["python3", "-c", app_source],
                        environment_vars=[
                            EnvironmentVarArgs(name="GREETING", value=config.require("greeting"))
                        ],
                        resource_request=ResourceRequestArgs(cpu=0.5, memory=512 * 1024**2),
                        readiness_probe=ProbeArgs(
                            path="/healthz", port=8080, initial_delay_seconds=0, period_seconds=1
                        ),
                    )
                ]
            )
        ]
    ),
)

workload = Workload("hello", artifact=artifact, runtime=RuntimeArgs(replica_count=1))

deployment = Deployment(
    "hello", workload=workload, description="Quickstart deployment", importance="low"
)

pulumi.export("artifact_id", artifact.id)
pulumi.export("artifact_version", artifact.version)
pulumi.export("workload_id", workload.id)
pulumi.export("workload_status", workload.status)
pulumi.export("deployment_id", deployment.id)
pulumi.export("invoke_url", deployment.endpoint)
