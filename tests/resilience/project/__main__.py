"""Resilience stack: `chains` artifact -> workload -> deployment chains.

Config (namespace `resilience`), so one program serves every scenario:
  chains             how many chains (default 10, i.e. 30 resources)
  prefix             start of every API name, so tests find exactly this stack's objects
  image_tag          the image tag of every artifact (a change replaces registered ones)
  description        the deployments' description (a change updates them in place)
  desired_status     "running" (default) or "stopped" for every workload
  replicas           every workload's replica_count (default 1; a change replaces them)
  start_timeout      seconds a workload may take to start (default 120)
  adopt_missing_id   adds an artifact that adopts this ID; with an ID that does not exist,
                     `up` fails after real API calls (the "failed run" of the secrets test)
"""

from __future__ import annotations

import pulumi
from pulumi_datarobot_workloads import Artifact, Deployment, Workload

config = pulumi.Config()
chains = config.get_int("chains") or 10
prefix = config.get("prefix") or "res"
image_tag = config.get("image_tag") or "1"
description = config.get("description")
desired_status = config.get("desired_status") or "running"
replicas = config.get_int("replicas") or 1
start_timeout = config.get_int("start_timeout") or 120
adopt_missing_id = config.get("adopt_missing_id")

for index in range(chains):
    artifact = Artifact(
        f"artifact-{index}",
        name=f"{prefix}-artifact-{index}",
        status="registered",
        spec={
            "container_groups": [
                {
                    "containers": [
                        {
                            "name": "app",
                            "image_uri": f"registry.local/resilience-{index}:{image_tag}",
                            "port": 8080,
                            "resource_request": {"cpu": 0.5, "memory": 512 * 1024**2},
                            "readiness_probe": {"path": "/healthz"},
                        }
                    ]
                }
            ]
        },
    )
    workload = Workload(
        f"workload-{index}",
        name=f"{prefix}-workload-{index}",
        artifact=artifact,
        runtime={"replica_count": replicas},
        desired_status=desired_status,
        start_timeout_seconds=start_timeout,
    )
    deployment = Deployment(
        f"deployment-{index}",
        name=f"{prefix}-deployment-{index}",
        workload=workload,
        description=description,
    )
    pulumi.export(f"endpoint_{index}", deployment.endpoint)

if adopt_missing_id:
    Artifact(
        "adopted",
        name=f"{prefix}-adopted",
        adopt_id=adopt_missing_id,
        spec={
            "container_groups": [{"containers": [{"name": "a", "image_uri": "x", "port": 8080}]}]
        },
    )
