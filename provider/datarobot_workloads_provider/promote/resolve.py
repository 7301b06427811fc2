"""What to promote, read from the source stack's state; and how the target stack takes it.

Each stack's state (`stack_state`) says which of this package's objects are its own: its
Workload, the artifact that Workload runs, the Deployment in front of it. The API then
says what they are now: whether the artifact is a registered version, whether the
workload runs. The state alone could be stale; the API alone could not tell this stack's
objects from others'. Outputs play no part: a program may export any of them, or none.

The target names the version it runs in its config (`artifactVersion` or `artifactId`):
that is what a promotion changes. The current dialect calls a registered version
`locked`, with a version number in its artifact repository: both words mean a release.
What it ran before comes from its state, never from that config, which an interrupted
run may have left ahead of the state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal

from ..client.errors import NotFoundError
from ..client.settings import OLDER
from ..lifecycle.artifact import FROZEN, frozen_word
from .errors import PromoteError, Refused
from .stack_state import Chain

if TYPE_CHECKING:
    from ..client import models
    from ..client.api import WorkloadApi

VERSION_KEY = "artifactVersion"
ID_KEY = "artifactId"
NAME_KEY = "artifactName"


@dataclass(frozen=True)
class Release:
    """A registered version of an artifact."""

    name: str
    version: int
    artifact_id: str
    image: str | None

    def label(self) -> str:
        return f"{self.name} version {self.version}"


@dataclass(frozen=True)
class SourceRun:
    """The release as the source stack runs it now."""

    stack: str
    release: Release
    workload: str  # the Pulumi resource name of its Workload
    workload_id: str
    deployment_id: str | None
    invoke_url: str | None
    running_since: datetime | None
    dialect: str = OLDER


@dataclass(frozen=True)
class Binding:
    """The config key through which the target stack names the release it runs."""

    stack: str
    key: str
    kind: Literal["version", "id"]
    configured: str
    artifact_name: str | None

    def value_for(self, release: Release) -> str:
        return str(release.version) if self.kind == "version" else release.artifact_id


def bind_target(stack: str, project: str, config: Mapping[str, str]) -> Binding:
    """The target must consume a registered version by config: `artifactVersion` (a number)
    or `artifactId`. A stack that builds its own artifact has nothing to promote into."""
    name = config.get(f"{project}:{NAME_KEY}")
    for key, kind in ((VERSION_KEY, "version"), (ID_KEY, "id")):
        value = config.get(f"{project}:{key}")
        if value is None or not str(value).strip():
            continue
        if kind == "version" and not str(value).strip().isdigit():
            raise PromoteError(
                f"stack {stack}: config {project}:{key} is {value!r}, not a version number"
            )
        return Binding(stack, f"{project}:{key}", kind, str(value).strip(), name)  # type: ignore[arg-type]
    owns = (
        f" (it sets {project}:image: it builds its own artifact)"
        if (config.get(f"{project}:image"))
        else ""
    )
    raise PromoteError(
        f"stack {stack} does not consume a registered version: its config sets neither "
        f"{project}:{VERSION_KEY} nor {project}:{ID_KEY}{owns}; promote writes one of them"
    )


def release_of(artifact: models.Artifact) -> Release:
    return Release(artifact.name, artifact.version or 0, artifact.id, primary_image(artifact))


def resolve_source(
    stack: str,
    chain: Chain | None,
    api: WorkloadApi,
    *,
    version: int | None = None,
    artifact_id: str | None = None,
) -> SourceRun:
    """The registered version the source runs, checked against the API. `version` or
    `artifact_id` make the caller's expectation explicit (a pipeline that tested version
    N): the source must run exactly that, since the gates can only judge what it runs."""
    if chain is None:
        raise Refused(
            f"{stack}'s state holds no Workload of this package: it runs nothing to promote "
            f"(has `pulumi up` run in {stack}?)"
        )
    check_dialect(stack, chain, api)
    if chain.artifact_id is None:
        raise Refused(f"{stack}'s workload {chain.describe()}: its state names no artifact")
    try:
        artifact = api.get_artifact(chain.artifact_id)
    except NotFoundError as missing:
        raise Refused(
            f"{stack}'s workload {chain.workload} runs artifact {chain.artifact_id}, which no "
            f"longer exists: run `pulumi refresh` and `pulumi up` in {stack}"
        ) from missing
    if artifact.status not in FROZEN or artifact.version is None:
        word = frozen_word(artifact.dialect != OLDER)
        raise Refused(
            f"{stack} runs a draft of {artifact.name} (artifact {artifact.id}, status "
            f"{artifact.status}): only {word} versions are promoted; register it in "
            f"{stack} (status {word}) first"
        )
    release = release_of(artifact)
    _expect(stack, release, api, version=version, artifact_id=artifact_id)
    try:
        workload = api.get_workload(chain.workload_id)
    except NotFoundError as missing:
        raise Refused(
            f"{stack}'s workload {chain.workload_id} no longer exists: run `pulumi refresh` "
            f"and `pulumi up` in {stack}"
        ) from missing
    if workload.artifact_id != release.artifact_id:
        raise Refused(
            f"{stack}'s workload {workload.id} runs artifact {workload.artifact_id}, not the "
            f"{release.label()} ({release.artifact_id}) its state names: run `pulumi up` "
            f"in {stack}"
        )
    if workload.status != "running":
        detail = workload.status_details.message if workload.status_details else None
        raise Refused(
            f"{stack}'s workload {workload.id} is {workload.status}, not running"
            + (f" ({detail})" if detail else "")
            + f": {release.label()} cannot be judged there"
        )
    return SourceRun(
        stack=stack,
        release=release,
        workload=chain.workload,
        workload_id=workload.id,
        deployment_id=chain.deployment_id,
        invoke_url=chain.invoke_url,
        running_since=running_since(artifact, workload),
        dialect=artifact.dialect,
    )


def resolve_target(
    stack: str, chain: Chain | None, api: WorkloadApi, binding: Binding
) -> Release | None:
    """The release the target's state runs (None: it runs nothing yet). What promote
    cannot tell, or could not return to by the target's config key, is refused: a
    rollback must know where it goes back to before anything changes."""
    if chain is None:
        return None
    check_dialect(stack, chain, api)
    if chain.artifact_id is None:
        raise Refused(
            f"cannot tell what {stack} runs: its workload {chain.describe()} names no "
            f"artifact in the state; run `pulumi refresh --stack {stack}`"
        )
    try:
        artifact = api.get_artifact(chain.artifact_id)
    except NotFoundError as missing:
        raise Refused(
            f"cannot tell what {stack} runs: its state's workload {chain.workload} runs "
            f"artifact {chain.artifact_id}, which the API does not have; run `pulumi refresh "
            f"--stack {stack}`"
        ) from missing
    if binding.kind == "version" and (artifact.status not in FROZEN or artifact.version is None):
        raise Refused(
            f"{stack} runs artifact {artifact.id} ({artifact.name}, {artifact.status}), which "
            f"has no version: {binding.key} could not return to it if the promotion failed"
        )
    return release_of(artifact)


def check_dialect(stack: str, chain: Chain, api: WorkloadApi) -> None:
    """The state's workload must be read in the dialect it was made in: through the other
    one its objects do not exist, which would read as a stack running nothing."""
    if chain.dialect != api.dialect:
        raise Refused(
            f"{stack}'s workload {chain.workload} was made in the {chain.dialect} dialect of "
            f"the API, and {stack} is configured for the {api.dialect} one: set its "
            f"datarobot:dialect (or DATAROBOT_API_DIALECT) to {chain.dialect}"
        )


def check_identity(
    target: str, binding: Binding, previous: Release | None, release: Release
) -> None:
    """Source and target must run one artifact line: what the target's state runs, as the
    API names it. Only a target that runs nothing yet falls back on its config's
    `artifactName`, a hint some programs set."""
    if previous is not None:
        if previous.name != release.name:
            raise Refused(
                f"{target} runs artifact {previous.name!r}, the source runs {release.name!r}: "
                "promotion moves versions of one artifact"
            )
        return
    if binding.artifact_name and binding.artifact_name != release.name:
        raise Refused(
            f"{target}'s config names artifact {binding.artifact_name!r}, the source runs "
            f"{release.name!r}: promotion moves versions of one artifact"
        )


def running_since(artifact: models.Artifact, workload: models.Workload) -> datetime | None:
    """Since when the source has run this version: its workload's creation, or the
    version's registration when it came later (a draft registered in place keeps its
    workload, but was not a version before).

    In the current dialect a workload takes a new version in place, keeping its creation
    time, and a locked artifact has no registration time: there the workload's last
    change (the switch onto this version, or a later restart or edit) and the artifact's
    (a locked one takes no edit after locking) count instead. Never earlier than the
    truth: a gate may wait longer than needed, never pass a version too young."""
    candidates: tuple[str | None, ...]
    if artifact.dialect == OLDER:
        candidates = (workload.created_at, artifact.registered_at)
    else:
        candidates = (workload.created_at, workload.updated_at, artifact.updated_at)
    times = [t for t in map(parse_time, candidates) if t is not None]
    return max(times) if times else None


def primary_image(artifact: models.Artifact) -> str | None:
    """The image of the primary container (the first one when none is marked)."""
    spec: dict[str, Any] = artifact.spec.model_dump() if artifact.spec else {}
    containers = [c for g in spec.get("container_groups") or [] for c in g.get("containers") or []]
    chosen = next((c for c in containers if c.get("primary")), containers[0] if containers else {})
    image = chosen.get("image_uri")
    return image if isinstance(image, str) else None


def parse_time(value: str | None) -> datetime | None:
    """An API timestamp as an aware datetime (the API writes UTC with a trailing Z)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _expect(
    stack: str,
    release: Release,
    api: WorkloadApi,
    *,
    version: int | None,
    artifact_id: str | None,
) -> None:
    if version is not None and version != release.version:
        known = any(
            a.name == release.name and a.version == version and a.status in FROZEN
            for a in api.list_artifacts(search=release.name)
        )
        if not known:
            raise Refused(f"{release.name} has no registered version {version}")
        raise Refused(
            f"stack {stack} runs {release.label()}, not version {version}: only the version "
            f"the source runs can pass its gates"
        )
    if artifact_id is not None and artifact_id != release.artifact_id:
        try:
            other = api.get_artifact(artifact_id)
        except NotFoundError as missing:
            raise Refused(f"no artifact {artifact_id}") from missing
        raise Refused(
            f"stack {stack} runs {release.label()} ({release.artifact_id}), not artifact "
            f"{artifact_id} ({other.name}, {other.status}): only the version the source runs "
            "can pass its gates"
        )
