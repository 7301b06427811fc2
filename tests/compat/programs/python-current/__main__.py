"""The Python chain of the current dialect's stack state fixture: one resource in each
state such a stack can hold, so a recorded state exercises that dialect's diff table.

Config (namespace `compat-current`; `datarobot:dialect` is `current`), changed by the
recording steps and by the test:
  draft_image      the draft artifact's image (a change updates it in place and restarts
                   the workload that runs it)
  locked_image     the locked artifact's image (a change makes its next version, and its
                   workload rolls over to it in place)
  desired_status   the draft's workload: running (default) or stopped
  importance       the locked artifact's workload (changes in place)
"""

from __future__ import annotations

import pulumi
from pulumi_datarobot_workloads import (
    Artifact,
    ArtifactSpecArgs,
    ContainerArgs,
    ContainerGroupArgs,
    EnvironmentVarArgs,
    ProbeArgs,
    RuntimeArgs,
    Workload,
)

config = pulumi.Config()
draft_image = config.get("draft_image") or "registry.local/compat-current-draft:1"
locked_image = config.get("locked_image") or "registry.local/compat-current:1"
desired_status = config.get("desired_status") or "running"
importance = config.get("importance") or "high"

# A draft artifact written as a plain dict: edits (its spec too) update it in place.
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

# A locked artifact written with the typed args; a spec change is its next version.
locked = Artifact(
    "locked",
    name="compat-current-locked",
    status="locked",
    spec=ArtifactSpecArgs(
        container_groups=[
            ContainerGroupArgs(
                containers=[
                    ContainerArgs(
                        name="app",
                        image_uri=locked_image,
                        port=8080,
                        primary=True,
                        environment_vars=[EnvironmentVarArgs(name="MODE", value="locked")],
                        readiness_probe=ProbeArgs(path="/ready", port=8080, period_seconds=5),
                        liveness_probe=ProbeArgs(path="/live"),
                    ),
                    ContainerArgs(name="sidecar", image_uri="registry.local/compat-sidecar:1"),
                ],
            )
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

# Runs the locked artifact: rolls over in place to each new version.
on_locked = Workload(
    "on-locked",
    name="compat-current-serving",
    description="serves the locked versions",
    artifact=locked,
    importance=importance,
    runtime={"replica_count": 1},
    rollout_keep_old_minutes=0,
    require_registered_artifact=True,
)

pulumi.export("draft_revision", draft.spec_revision)
pulumi.export("locked_version", locked.version)
pulumi.export("repository_id", locked.repository_id)
pulumi.export("on_draft_status", on_draft.status)
pulumi.export("invoke_url", on_locked.invoke_url)
