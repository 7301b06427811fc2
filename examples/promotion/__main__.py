"""Environment promotion: one program; `dev` owns an artifact, `prod` runs a registered one.

The same program serves every stack, so what prod runs is exactly what dev tested: the
stacks differ only in configuration. A stack plays one of two roles, chosen by its config:

- It OWNS the artifact (dev): `image` is set. The stack creates the Artifact named
  `artifactName` from that image. `status: draft` lets the team iterate (every edit updates
  the artifact in place and restarts the workload onto it); `status: registered` locks it
  and gives it the next version. Changing a registered artifact replaces it with a new
  version; the old version stays in the registry (`retain_on_delete`), because another
  stack may run it, and rolling back needs it.
- It PROMOTES a registered artifact (prod): `artifactVersion` (or `artifactId`) is set. The
  stack owns no artifact; it looks the version up in the registry and runs it. Promotion
  and rollback are one change of `artifactVersion` and one `pulumi up`.

Both roles run a Workload (`replicas`) and, once the artifact is registered, a Deployment
(`importance`) in front of it: the API deploys only workloads of registered artifacts.
`requireRegistered: true` turns on the provider's guard, so preview refuses to run a
workload from a draft and says which artifact and why.

In the current dialect of the API (`datarobot:dialect: current`, or
DATAROBOT_API_DIALECT) registering is called locking, and there are no deployments: the
workload takes the importance and serves at its own invoke URL, and a new version rolls
it over in place, so prod's invoke URL survives every promotion and rollback. Containers
are sized by the workload's runtime there, so the artifact's spec asks for no resources.

Every stack exports what a person checks (artifactName, artifactId, artifactVersion,
artifactStatus, workloadId, deploymentId in the older dialect, invokeUrl). `datarobot-workloads
promote` needs none of them: it reads what each stack runs from its state, sets the
version in the target's config and verifies the target.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, TypeVar

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

PORT = 8080
# `locked` is the current dialect's word for `registered`; the provider takes either.
STATUSES: tuple[Literal["draft", "registered", "locked"], ...] = ("draft", "registered", "locked")
FROZEN = ("registered", "locked")
DIALECTS = ("older", "current")
IMPORTANCES: tuple[Literal["low", "moderate", "high", "critical"], ...] = (
    "low",
    "moderate",
    "high",
    "critical",
)
Choice = TypeVar("Choice", bound=str)

config = pulumi.Config()
artifact_name = config.require("artifactName")
image = config.get("image")
artifact_version = config.get_int("artifactVersion")
artifact_id = config.get("artifactId")
app = config.get("app")


def choice(key: str, allowed: tuple[Choice, ...]) -> Choice:
    """A config value that must be one of `allowed` (the first is the default): a typo fails
    the preview here, naming the key, instead of reaching the API."""
    value = config.get(key) or allowed[0]
    for option in allowed:
        if option == value:
            return option
    raise ValueError(f"config {key}: expected one of {', '.join(allowed)}, got {value!r}")


def api_dialect() -> str:
    """The dialect the provider speaks for this stack, from the same config key and
    environment variable it reads (the older one unless told): it decides whether a
    Deployment fronts the workload, and where the invoke URL comes from."""
    value = (
        pulumi.Config("datarobot").get("dialect")
        or os.environ.get("DATAROBOT_API_DIALECT", "").strip()
        or DIALECTS[0]
    )
    if value not in DIALECTS:
        raise ValueError(f"config datarobot:dialect: expected older or current, got {value!r}")
    return value


current = api_dialect() == "current"


def entrypoint() -> list[str] | None:
    """`app` names a Python file of this folder that the container runs (`python3 -c`), for
    runtimes that run the entrypoint (the local server's process runtime); without it the
    image's own entrypoint runs. Its source is part of the spec, so editing it is a new
    draft revision, and once registered a new version."""
    if app is None:
        return None
    path = Path(__file__).parent / app
    if not path.is_file():
        raise ValueError(f"config app: no file {app!r} in the project folder")
    return ["python3", "-c", path.read_text(encoding="utf-8")]


def artifact_spec(image_uri: str, message: str) -> ArtifactSpecArgs:
    """The container dev iterates on; a registered artifact freezes exactly this. IMAGE_URI
    lets the app say which image (so which version) answers an invoke."""
    return ArtifactSpecArgs(
        container_groups=[
            ContainerGroupArgs(
                containers=[
                    ContainerArgs(
                        name="model",
                        image_uri=image_uri,
                        port=PORT,
                        entrypoint=entrypoint(),
                        environment_vars=[
                            EnvironmentVarArgs(name="MESSAGE", value=message),
                            EnvironmentVarArgs(name="IMAGE_URI", value=image_uri),
                        ],
                        resource_request=None
                        if current
                        else ResourceRequestArgs(cpu=0.5, memory=512 * 1024**2),
                        readiness_probe=ProbeArgs(path="/healthz", port=PORT),
                    )
                ]
            )
        ]
    )


def owned_artifact(image_uri: str) -> Artifact:
    """Dev's artifact: a draft to iterate on until `status: registered` locks it.

    Registered versions are retained when replaced or destroyed: a registered artifact is a
    release that other stacks (prod) may be running, and the API refuses to delete an
    artifact a workload uses. Deleting old releases is a registry chore, not a deploy step.
    """
    status = choice("status", STATUSES)
    return Artifact(
        "model",
        name=artifact_name,
        description=f"{artifact_name}, built from {image_uri}",
        status=status,
        spec=artifact_spec(image_uri, config.get("message") or "hello"),
        opts=pulumi.ResourceOptions(retain_on_delete=status in FROZEN),
    )


def promoted_artifact() -> ArtifactInfo:
    """Prod's artifact: looked up, never owned, so destroying prod leaves the registry alone.

    The lookup runs at preview too, so a version that does not exist fails the preview
    before anything changes.
    """
    if artifact_id is not None:
        info = get_artifact(id=artifact_id)
        if info.name != artifact_name:
            raise ValueError(
                f"config artifactId: artifact {artifact_id} is named {info.name!r}, "
                f"not artifactName {artifact_name!r}"
            )
        return info
    return get_artifact(name=artifact_name, version=artifact_version)


def image_of(info: ArtifactInfo) -> str | None:
    """The primary image of a looked-up artifact, exported so `stack output` shows it."""
    groups = (info.spec or {}).get("container_groups") or []
    containers = (groups[0].get("containers") or []) if groups else []
    return containers[0].get("image_uri") if containers else None


chosen = sum(value is not None for value in (image, artifact_version, artifact_id))
if chosen != 1:
    raise ValueError(
        "set exactly one of the config values `image` (this stack owns the artifact), "
        "`artifactVersion` or `artifactId` (this stack runs a registered artifact); "
        f"{chosen} are set"
    )

artifact: Artifact | ArtifactInfo
if image is not None:
    owned = owned_artifact(image)
    artifact = owned
    pulumi.export("artifactId", owned.id)
    pulumi.export("artifactVersion", owned.version)
    pulumi.export("artifactStatus", owned.status)
    pulumi.export("image", image)
    registered = choice("status", STATUSES) in FROZEN
else:
    info = promoted_artifact()
    artifact = info
    pulumi.export("artifactId", info.id)
    pulumi.export("artifactVersion", info.version)
    pulumi.export("artifactStatus", info.status)
    pulumi.export("image", image_of(info))
    registered = info.status in FROZEN
    if not registered and not current:
        # Only reachable with requireRegistered off: say why there is no invoke URL.
        pulumi.log.warn(
            f"artifact {info.id} is {info.status}: running it without a deployment, "
            "because only registered artifacts can be deployed"
        )
pulumi.export("artifactName", artifact_name)

workload = Workload(
    "model",
    artifact=artifact,
    runtime=RuntimeArgs(replica_count=config.get_int("replicas") or 1),
    require_registered_artifact=config.get_bool("requireRegistered") or False,
    # The current dialect keeps these on the workload (the older one on its Deployment).
    description=f"{artifact_name} in {pulumi.get_stack()}" if current else None,
    importance=choice("importance", IMPORTANCES) if current else None,
)
pulumi.export("workloadId", workload.id)
pulumi.export("workloadStatus", workload.status)

if current:
    # No deployments in this dialect: the workload's own URL, kept across new versions.
    pulumi.export("invokeUrl", workload.invoke_url)
elif registered:
    deployment = Deployment(
        "model",
        workload=workload,
        description=f"{artifact_name} in {pulumi.get_stack()}",
        importance=choice("importance", IMPORTANCES),
    )
    pulumi.export("deploymentId", deployment.id)
    pulumi.export("invokeUrl", deployment.endpoint)
