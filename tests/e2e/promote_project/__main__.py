"""A scorer service: a stack either builds the release (config `image`, `app`) or runs a
registered version of it (config `artifactVersion`), behind a deployment in the older
dialect of the API; in the current one (`datarobot:dialect current`) there are no
deployments, and the workload serves at its own invoke URL.

It exports nothing and names its resources as its team likes (`release`, `scorer`,
`scorer-front`): `datarobot-workloads promote` must read what a stack runs from its state.
"""

from __future__ import annotations

from pathlib import Path

import pulumi
from pulumi_datarobot_workloads import (
    Artifact,
    ArtifactInfo,
    ArtifactSpecArgs,
    ContainerArgs,
    ContainerGroupArgs,
    Deployment,
    EnvironmentVarArgs,
    ProbeArgs,
    ResourceRequestArgs,
    RuntimeArgs,
    Workload,
    get_artifact,
)

NAME = "fraud-scorer"
PORT = 8080
config = pulumi.Config()
image = config.get("image")
dialect = pulumi.Config("datarobot").get("dialect") or "older"


def built(image_uri: str) -> Artifact:
    """The release this stack builds; `app` is the Python file its container runs."""
    source = (Path(__file__).parent / config.require("app")).read_text(encoding="utf-8")
    status = config.get("status") or "registered"
    container = ContainerArgs(
        name="scorer",
        image_uri=image_uri,
        port=PORT,
        entrypoint=["python3", "-c", source],
        environment_vars=[EnvironmentVarArgs(name="IMAGE_URI", value=image_uri)],
        # The current dialect sizes containers in the workload's runtime, not here.
        resource_request=(
            ResourceRequestArgs(cpu=0.5, memory=512 * 1024**2) if dialect == "older" else None
        ),
        readiness_probe=ProbeArgs(path="/healthz", port=PORT),
    )
    return Artifact(
        "release",
        name=NAME,
        status=status,  # type: ignore[arg-type]
        spec=ArtifactSpecArgs(container_groups=[ContainerGroupArgs(containers=[container])]),
        opts=pulumi.ResourceOptions(retain_on_delete=status == "registered"),
    )


release: Artifact | ArtifactInfo
if image is not None:
    release = built(image)
    registered = (config.get("status") or "registered") == "registered"
else:
    release = get_artifact(name=NAME, version=config.require_int("artifactVersion"))
    registered = True

scorer = Workload(
    "scorer",
    artifact=release,
    runtime=RuntimeArgs(replica_count=1),
    require_registered_artifact=image is None,
)
if registered and dialect == "older":
    Deployment("scorer-front", workload=scorer, importance="high")
