"""Every kind of answer the client parses, from the local server, in both dialects.

`exercise` creates and reads each resource kind (artifacts, workloads, deployments or
repositories and replacements, lists, stats) through the provider's own client, as an
`up` and a `refresh` do. Tests use it to compare the answers' two parsers, and to show
that a fresh process parsing them never loads pydantic.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from datarobot_workloads_provider.client.api import WorkloadApi
from datarobot_workloads_provider.client.current import CurrentWorkloadApi
from datarobot_workloads_provider.client.settings import CURRENT, OLDER, ApiSettings

from tests.support.server import TOKEN

SPEC: dict[str, Any] = {
    "containerGroups": [
        {
            "name": "default",
            "containers": [
                {
                    "name": "app",
                    "imageUri": "registry/app:1",
                    "port": 8080,
                    "primary": True,
                    "environmentVars": [{"name": "GREETING", "value": "hello"}],
                    "resourceRequest": {"cpu": 1, "memory": 536870912},
                    "readinessProbe": {"path": "/healthz", "port": 8080},
                }
            ],
        }
    ]
}
RUNTIME: dict[str, Any] = {
    "replicaCount": 1,
    "autoscaling": {
        "enabled": True,
        "policies": [
            {
                "scalingMetric": "httpRequestsConcurrency",
                "target": 5,
                "minCount": 1,
                "maxCount": 3,
            }
        ],
    },
}


def exercise(base_url: str, tag: str) -> None:
    """Creates, reads, lists, changes and stops one chain per dialect (names end in `tag`)."""
    _older(WorkloadApi(ApiSettings(endpoint=base_url, token=TOKEN, dialect=OLDER)), tag)
    _current(CurrentWorkloadApi(ApiSettings(endpoint=base_url, token=TOKEN, dialect=CURRENT)), tag)


def _older(api: WorkloadApi, tag: str) -> None:
    artifact = api.create_artifact(
        {"name": f"older-{tag}", "type": "service", "spec": SPEC, "status": "draft"}
    )
    api.get_artifact(artifact.id)
    api.patch_artifact(artifact.id, {"status": "registered"})
    workload = _running(api, artifact.id, f"older-{tag}")
    deployment = api.create_deployment({"name": f"older-{tag}", "workloadId": workload.id})
    api.get_deployment(deployment.id)
    api.deployment_stats(deployment.id)
    list(api.list_deployments(search=f"older-{tag}"))
    list(api.list_artifacts(search=f"older-{tag}"))
    api.stop_workload(workload.id)
    api.close()


def _current(api: CurrentWorkloadApi, tag: str) -> None:
    spec = copy.deepcopy(SPEC)
    del spec["containerGroups"][0]["containers"][0]["resourceRequest"]  # the runtime's here
    name = f"current-{tag}"
    artifact = api.create_artifact({"name": name, "type": "service", "spec": spec})
    api.patch_artifact(artifact.id, {"status": "locked"})
    assert artifact.artifact_repository_id is not None
    api.get_repository(artifact.artifact_repository_id)
    workload = _running(api, artifact.id, name)
    api.patch_workload(workload.id, {"description": "changed in place"})
    second = api.create_artifact(
        {
            "name": name,
            "type": "service",
            "spec": spec,
            "status": "locked",
            "artifactRepositoryId": artifact.artifact_repository_id,
        }
    )
    api.replace_workload(workload.id, second.id, runtime=None, config={})
    api.get_workload(workload.id)
    api.resize_workload(workload.id, {"replicaCount": 2})
    list(api.list_artifacts(search=name))
    api.stop_workload(workload.id)
    api.close()


def _running(api: WorkloadApi, artifact_id: str, name: str) -> Any:
    workload = api.create_workload({"name": name, "artifactId": artifact_id, "runtime": RUNTIME})
    for _ in range(100):
        workload = api.get_workload(workload.id)
        if workload.status == "running":
            break
        time.sleep(0.05)
    list(api.list_workloads(search=name))
    return workload
