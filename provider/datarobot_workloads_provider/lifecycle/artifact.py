"""Artifact: a container spec that is a mutable draft until registered, then immutable.

Draft changes and registration are updates in place (older: PUT for the spec, PATCH for
metadata and status; current: PATCH for all of them); a registered artifact's spec or
type, or a return to draft, needs a new artifact. `spec_revision` (a digest of the spec,
computed in check so that previews know it) is what workloads watch to restart onto a
changed draft.

The current dialect calls registering locking: either word is accepted and stored as the
configured dialect's. A locked artifact takes no edit at all there, so its name and
description replace it too, and a replacement is the next version in the same artifact
repository: a new artifact joins the repository of the artifact of its name
(`_repository_of`), as DataRobot's own clients make new versions. Its artifacts hold no
resources: a container's `resource_request` stays in the state only and sizes the
workload's runtime instead (`contract.resources`), so a change of it alone is no new
version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import progress
from ..artifact_line import artifact_line
from ..client.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from ..client.retry import POLL
from ..client.settings import OLDER
from ..contract.canonical import canonical_spec, spec_revision
from ..contract.resources import request_failures, with_requests, without_requests
from ..definitions import ARTIFACT
from ..unknowns import UNKNOWN, contains_unknown, is_unknown
from .core import Checked, Lifecycle, Plan, ProviderError

if TYPE_CHECKING:
    from ..client import models
    from ..client.api import WorkloadApi

# What a PUT of a draft sends (status goes by PATCH, one way).
_REPLACED_BY_PUT = ("name", "description", "type", "spec")
# The frozen status, per dialect; both words are accepted as input.
FROZEN = frozenset({"registered", "locked"})
# How long a delete waits for a workload's old version to let go of the artifact after a
# rolling replacement (current dialect: the old version drains, then stops using it).
RELEASE_SECONDS = 120.0


def frozen_word(current: bool) -> str:
    return "locked" if current else "registered"


class ArtifactLifecycle(Lifecycle["models.Artifact"]):
    definition = ARTIFACT
    # A stack deletes (or replaces) its own workloads before their artifact, so one still
    # in use is nearly always run by another stack, which reads it through a
    # StackReference: the way out is there, or in keeping replaced versions.
    in_use = (
        "a workload still uses it, most likely another stack's that runs it (through a "
        "StackReference, a lookup): move that stack off it first, or give this Artifact "
        "retain_on_delete=True so that replaced and destroyed versions stay in the registry"
    )

    def normalize(self, checked: Checked) -> None:
        if checked.failures:
            return
        if checked.inputs.get("status") in FROZEN:
            checked.inputs["status"] = frozen_word(self.current)
        if self.current:
            checked.failures.extend(request_failures(checked.inputs.get("spec")))
        spec = checked.inputs.get("spec")
        if spec is None or contains_unknown(spec):
            checked.inputs["spec_revision"] = UNKNOWN
        else:
            checked.inputs["spec"] = canonical_spec(spec)
            checked.inputs["spec_revision"] = _revision(spec, current=self.current)

    def diff(self, olds: dict[str, Any], news: dict[str, Any]) -> Plan:
        """In the current dialect a locked artifact whose spec changed in its
        `resource_request` only is updated in the state, not replaced: the API's artifact
        holds no resources (its workload's runtime does)."""
        plan = super().diff(olds, news)
        old_spec, new_spec = olds.get("spec"), news.get("spec")
        if (
            self.current
            and "spec" in plan.replaces
            and isinstance(old_spec, dict)
            and isinstance(new_spec, dict)
            and not contains_unknown(new_spec)
            and canonical_spec(without_requests(old_spec))
            == canonical_spec(without_requests(new_spec))
        ):
            replaces = tuple(key for key in plan.replaces if key != "spec")
            return Plan(plan.changed, replaces, self.stables(list(replaces)))
        return plan

    def registered(self, olds: dict[str, Any]) -> bool:
        return olds.get("status") in FROZEN

    def extra_replaces(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        """Registration is one way: back to draft (or not known yet) is a new artifact. In
        the current dialect a locked artifact takes no edit: a new name or description is
        a new version too."""
        if not self.registered(olds):
            return []
        found: list[str] = []
        new_status = news.get("status")
        if is_unknown(new_status) or new_status == "draft":
            found.append("status")
        if self.current:
            found.extend(
                key
                for key in ("name", "description")
                if is_unknown(news.get(key)) or olds.get(key) != news.get(key)
            )
        return found

    def stables(self, replaces: list[str]) -> tuple[str, ...]:
        return () if replaces else ("created_at",)

    def fetch(self, id_: str, api: WorkloadApi) -> models.Artifact:
        return api.get_artifact(id_)

    def create_object(self, props: dict[str, Any]) -> models.Artifact:
        body = {
            "name": props["name"],
            "description": props.get("description"),
            "type": props.get("type", ARTIFACT.default("type")),
            "status": props.get("status", ARTIFACT.default("status")),
            "spec": self._wire_spec(props["spec"]),
        }
        if self.current:
            repository = self._repository_of(props["name"])
            if repository is not None:
                body["artifactRepositoryId"] = repository
            if body["description"] is None:
                del body["description"]
        return self.api.create_artifact(body)

    def _repository_of(self, name: str) -> str | None:
        """The repository of the newest artifact named `name` (the version being replaced,
        or an earlier one), so a new version of it joins that repository, where a lookup
        by name and version looks (`artifact_line`)."""
        line = artifact_line(self.api, name)
        return line[0].artifact_repository_id if line else None

    def remove(self, id_: str, api: WorkloadApi) -> None:
        if api.dialect == OLDER:
            api.delete_artifact(id_)
            return
        try:
            live = api.get_artifact(id_)
        except NotFoundError:
            return
        if live.status in FROZEN and live.artifact_repository_id:
            self._remove_version(live, live.artifact_repository_id, api)
            return
        # A workload's old version may still hold a draft for a moment after it was
        # rolled over (it drains, then stops): wait for it to let go rather than fail.
        clock, sleep = api.timing.clock, api.timing.sleep
        started, delay = clock(), POLL.first
        while True:
            try:
                api.delete_artifact(id_)
                return
            except ConflictError:
                elapsed = clock() - started
                if elapsed >= RELEASE_SECONDS:
                    raise
                sleep(delay)
                delay = POLL.following(delay, elapsed)

    def _remove_version(self, live: models.Artifact, repository_id: str, api: WorkloadApi) -> None:
        """The current dialect deletes a locked version only with its whole repository.
        So a version that a newer one replaced stays there (the API keeps the versions of
        an artifact), and deleting the newest version deletes the repository, and with it
        the versions kept before; refused (409) while a workload runs any of them. An
        API that refuses it for its locked versions alone leaves them, saying so."""
        repository = api.get_repository(repository_id)
        newest = repository.last_version_number or 0
        if live.version is not None and live.version < newest:
            progress.info(
                f"artifact {live.name!r} version {live.version} ({live.id}) stays in its "
                f"repository {repository_id} beside version {newest}: the API deletes a "
                "locked version only with its repository, which goes with the newest version"
            )
            return
        try:
            api.delete_repository(repository_id)
        except ConflictError as refused:
            if any(True for _ in api.list_workloads(repositoryId=repository_id, limit=1)):
                raise
            # The 11.5 schema refuses a repository holding locked artifacts at all (409),
            # where this server and Terraform's live tests see them deleted with it. No
            # workload uses them, so nothing can change the answer: a destroy that fails
            # every time would only trap the stack.
            progress.warn(
                f"artifact {live.name!r} version {live.version} ({live.id}) is left in "
                f"DataRobot: the API refuses to delete its repository {repository_id} "
                f"({refused.message}), which no workload uses; delete it there if wanted"
            )

    def refuse_adoption(self, id_: str, live: models.Artifact, props: dict[str, Any]) -> None:
        if live.status not in FROZEN:
            return
        live_spec = self._live_spec(live, props)
        if live_spec != canonical_spec(props.get("spec")) or live.type != props.get("type"):
            raise ProviderError(
                f"adopt_id: artifact {id_} is registered (immutable) and its spec differs "
                "from the program's; copy its spec into the program or adopt a draft"
            )

    def converge(
        self,
        id_: str,
        live: models.Artifact,
        want: dict[str, Any],
        olds: dict[str, Any] | None,
    ) -> models.Artifact:
        """Brings the live artifact to the wanted inputs with the fewest writes."""
        current = self.state(live, want)
        result = live
        if self.current:
            return self._converge_current(id_, live, current, want)
        if live.status != "registered":
            if any(current.get(k) != want.get(k) for k in _REPLACED_BY_PUT):
                result = self.api.replace_artifact(
                    id_,
                    {
                        "name": want["name"],
                        "description": want.get("description"),
                        "type": want.get("type", ARTIFACT.default("type")),
                        "spec": self._wire_spec(want["spec"]),
                    },
                )
            if want.get("status") == "registered":
                result = self.api.patch_artifact(id_, {"status": "registered"})
            return result
        patch = {k: want.get(k) for k in ("name", "description") if current.get(k) != want.get(k)}
        if patch:
            result = self.api.patch_artifact(id_, patch)
        return result

    def _converge_current(
        self,
        id_: str,
        live: models.Artifact,
        current: dict[str, Any],
        want: dict[str, Any],
    ) -> models.Artifact:
        """A draft takes every edit by PATCH (its spec too), then locking, one way; a locked
        artifact takes none (adopting one that differs is refused before this)."""
        differs = [k for k in ("name", "description", "spec") if current.get(k) != want.get(k)]
        if live.status in FROZEN:
            if differs:
                raise ProviderError(
                    f"artifact {id_} is locked, and a locked artifact takes no edit "
                    f"({', '.join(differs)}); its next version is a new artifact"
                )
            return live
        result = live
        if differs:
            patch = {k: want.get(k) for k in differs}
            if "spec" in patch:
                patch["spec"] = self._wire_spec(want["spec"])
            result = self.api.patch_artifact(id_, patch)
        if want.get("status") in FROZEN:
            result = self._lock(id_)
        return result

    def _lock(self, id_: str) -> models.Artifact:
        """Locking is one way and the API refuses to lock twice (403, or 409 or 422 where
        it says so otherwise): when a retried PATCH meets an artifact its first attempt
        already locked, that is success. An API that locks into a new artifact is refused
        (`_refuse_new_id`)."""
        try:
            locked = self.api.patch_artifact(id_, {"status": "locked"})
        except (PermissionDeniedError, ConflictError, ValidationError):
            live = self.api.get_artifact(id_)
            if live.status in FROZEN:
                return live
            raise
        if locked.id != id_:
            raise _refuse_new_id(id_, locked)
        return locked

    def _wire_spec(self, spec: dict[str, Any]) -> dict[str, Any]:
        """The current dialect's artifacts hold no resources: they stay in the state."""
        return _wire_spec(without_requests(spec) if self.current else spec)

    def _live_spec(self, live: models.Artifact, props: dict[str, Any]) -> dict[str, Any] | None:
        spec = canonical_spec(live.spec.model_dump() if live.spec else None)
        if live.dialect == OLDER:
            return spec
        return canonical_spec(with_requests(spec, props.get("spec")))

    def live_values(
        self, live: models.Artifact, props: dict[str, Any], observed: bool
    ) -> dict[str, Any]:
        """Live values, in the same canonical form as checked inputs."""
        spec = self._live_spec(live, props)
        return {
            **live.model_dump(),
            "spec": spec,
            "spec_revision": _revision(spec, current=live.dialect != OLDER),
            "repository_id": live.artifact_repository_id if live.dialect != OLDER else None,
        }


def _refuse_new_id(id_: str, locked: models.Artifact) -> ProviderError:
    """DataRobot's descriptions disagree on whether locking keeps an artifact's ID. When
    the API answers the lock with another artifact, this resource cannot follow it: a
    Pulumi update keeps a resource's ID, and the state naming the draft while the API
    holds the locked version under another ID would leave the program's workloads on the
    draft. A create records whatever ID the API gives, so the way out is a replacement."""
    where = (
        f" in repository {locked.artifact_repository_id}" if locked.artifact_repository_id else ""
    )
    return ProviderError(
        f"locking artifact {id_} made a new artifact {locked.id} (version {locked.version}) "
        "instead of locking it in place: this Workload API gives a locked version an ID of "
        "its own, and an update cannot change a resource's ID, so the stack still holds the "
        f"draft {id_}. Lock it by replacement: `pulumi up --replace <the artifact's URN>` "
        "creates it locked under the ID the API gives (with its workloads' URNs too, when "
        f"they run the draft; a plain `up` would lock the draft into yet another version). "
        f"{locked.id} stays{where} as an earlier version."
    )


def _revision(spec: dict[str, Any] | None, *, current: bool) -> str:
    """What the workload runs: in the current dialect resources are the workload's
    runtime, so a changed `resource_request` rolls the runtime, not the spec."""
    return spec_revision(without_requests(spec) if current and spec else spec)


def _wire_spec(spec: dict[str, Any]) -> dict[str, Any]:
    from ..client import models

    return models.ArtifactSpec.model_validate(spec).model_dump(by_alias=True, exclude_none=True)
