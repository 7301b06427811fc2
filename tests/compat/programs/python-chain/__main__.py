"""The Python chain of the stack state fixtures: one resource in each state a user's stack
can hold, so a recorded state exercises every row of the diff table.

Config (namespace `compat-python`), changed by the recording steps and by the test:
  draft_image      the draft artifact's image (a change updates it in place and restarts
                   the workload that runs it)
  desired_status   the draft's workload: running (default) or stopped
  description      the deployment's description (changes in place)
"""

from __future__ import annotations

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
draft_image = config.get("draft_image") or "registry.local/compat-draft:1"
desired_status = config.get("desired_status") or "running"
description = config.get("description") or "recorded"

# A draft artifact written as a plain dict, one container (primary filled in by check).
draft = Artifact(
    "draft",
    description="a draft: edits update it in place",
    spec={
        "container_groups": [
            {
                "containers": [
                    {
                        "name": "app",
                        "image_uri": draft_image,
                        "port": 8080,
                        "environment_vars": [{"name": "MODE", "value": "draft"}],
                        "readiness_probe": {"path": "/healthz"},
                    }
                ]
            }
        ]
    },
)

# A registered artifact written with the typed args: two groups, a sidecar, every probe.
registered = Artifact(
    "registered",
    name="compat-python-registered",
    status="registered",
    spec=ArtifactSpecArgs(
        container_groups=[
            ContainerGroupArgs(
                name="serving",
                containers=[
                    ContainerArgs(
                        name="app",
                        image_uri="registry.local/compat-app:1",
                        port=8080,
                        primary=True,
                        entrypoint=["python3", "-m", "http.server", "8080"],
                        environment_vars=[EnvironmentVarArgs(name="MODE", value="registered")],
                        resource_request=ResourceRequestArgs(cpu=0.5, memory=512 * 1024**2),
                        readiness_probe=ProbeArgs(path="/ready", port=8080, period_seconds=5),
                        liveness_probe=ProbeArgs(path="/live"),
                        startup_probe=ProbeArgs(path="/start", failure_threshold=10),
                    ),
                    ContainerArgs(name="sidecar", image_uri="registry.local/compat-sidecar:1"),
                ],
            ),
            ContainerGroupArgs(
                containers=[ContainerArgs(name="logs", image_uri="registry.local/compat-logs:1")]
            ),
        ]
    ),
)

# Runs the draft: restarts onto its spec when it changes; started or stopped by config.
on_draft = Workload(
    "on-draft",
    artifact=draft,
    runtime=RuntimeArgs(replica_count=2),
    desired_status=desired_status,
    start_timeout_seconds=120,
)

# Runs the registered artifact, with autoscaling, and insists on a registered artifact.
on_registered = Workload(
    "on-registered",
    name="compat-python-serving",
    artifact=registered,
    runtime={
        "replica_count": 1,
        "autoscaling": {
            "enabled": True,
            "policies": [
                {
                    "scaling_metric": "httpRequestsInFlight",
                    "target": 5,
                    "min_count": 1,
                    "max_count": 3,
                }
            ],
        },
    },
    require_registered_artifact=True,
)

# A bare artifact ID (what a StackReference hands over), created stopped.
by_id = Workload(
    "by-id",
    artifact_id=registered.id,
    desired_status="stopped",
)

deployment = Deployment(
    "deployment",
    workload=on_registered,
    description=description,
    importance="high",
)

pulumi.export("draft_revision", draft.spec_revision)
pulumi.export("registered_version", registered.version)
pulumi.export("on_draft_status", on_draft.status)
pulumi.export("by_id_status", by_id.status)
pulumi.export("invoke_url", deployment.endpoint)
