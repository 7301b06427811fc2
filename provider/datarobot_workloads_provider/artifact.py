"""Artifact: a container spec that is a mutable draft until registered, then immutable.

Lifecycle (design.md): draft changes and registration are updates in place (PUT for the
spec, PATCH for metadata and status); a registered artifact's spec or type, or a return
to draft, needs a new artifact. `spec_revision` (a digest of the spec, computed in check
so that previews know it) is what workloads watch to restart onto a changed draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from .base import ApiResourceProvider, ProviderError, SchemaModel, changed_keys
from .client.errors import ApiError, ConflictError, NotFoundError
from .replacement import ARTIFACT_IN_PLACE, ARTIFACT_REPLACE_WHEN_REGISTERED
from .spec import canonical_spec, spec_revision
from .unknowns import UNKNOWN, contains_unknown, is_unknown

if TYPE_CHECKING:
    from .client import models

PROVIDER_ONLY = ("adopt_id",)


class ArtifactProvider(ApiResourceProvider):
    input_model = SchemaModel("ArtifactInput")
    kind = "artifact"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        spec = result.inputs.get("spec")
        if not result.failures:
            if spec is None or contains_unknown(spec):
                result.inputs["spec_revision"] = UNKNOWN
            else:
                result.inputs["spec"] = canonical_spec(spec)
                result.inputs["spec_revision"] = spec_revision(spec)
        return result

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changes = changed_keys(olds, news, ARTIFACT_IN_PLACE)
        replaces: list[str] = []
        if olds.get("status") == "registered":
            replaces = [k for k in changes if k in ARTIFACT_REPLACE_WHEN_REGISTERED]
            new_status = news.get("status")
            if is_unknown(new_status) or new_status == "draft":
                replaces.append("status")
        return DiffResult(
            changes=bool(changes),
            replaces=replaces,
            delete_before_replace=False,
            stables=[] if replaces else ["created_at"],
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        adopt_id = props.get("adopt_id")
        if adopt_id:
            return CreateResult(adopt_id, self._adopt(adopt_id, props))
        body = {
            "name": props["name"],
            "description": props.get("description"),
            "type": props.get("type", "service"),
            "status": props.get("status", "draft"),
            "spec": _wire_spec(props["spec"]),
        }
        try:
            artifact = self.api.create_artifact(body)
        except ApiError as error:
            raise self.create_failed(props["name"], error) from error
        return CreateResult(artifact.id, outputs(artifact, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self.read_live(id_, self.api.get_artifact, lambda live: outputs(live, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        try:
            live = self.api.get_artifact(id_)
            return UpdateResult(outputs(self._converge(id_, live, news), news))
        except ApiError as error:
            raise self.fail("updating", id_, error) from error

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        try:
            self.api.delete_artifact(id_)
        except ConflictError as error:
            raise ProviderError(
                f"cannot delete {self.describe(id_)}: a workload still uses it ({error.message})"
            ) from error
        except ApiError as error:
            raise self.fail("deleting", id_, error) from error

    def _adopt(self, id_: str, props: dict[str, Any]) -> dict[str, Any]:
        try:
            live = self.api.get_artifact(id_)
        except NotFoundError as error:
            raise ProviderError(f"adopt_id: artifact {id_} does not exist") from error
        if live.status == "registered":
            live_spec = canonical_spec(live.spec.model_dump() if live.spec else None)
            if live_spec != canonical_spec(props.get("spec")) or live.type != props.get("type"):
                raise ProviderError(
                    f"adopt_id: artifact {id_} is registered (immutable) and its spec differs "
                    "from the program's; copy its spec into the program or adopt a draft"
                )
        try:
            return outputs(self._converge(id_, live, props), props)
        except ApiError as error:
            raise self.fail("adopting", id_, error) from error

    def _converge(self, id_: str, live: models.Artifact, want: dict[str, Any]) -> models.Artifact:
        """Brings the live artifact to the wanted inputs with the fewest writes."""
        current = outputs(live, want)
        result = live
        if live.status != "registered":
            if changed_keys(current, want, ("name", "description", "type", "spec")):
                result = self.api.replace_artifact(
                    id_,
                    {
                        "name": want["name"],
                        "description": want.get("description"),
                        "type": want.get("type", "service"),
                        "spec": _wire_spec(want["spec"]),
                    },
                )
            if want.get("status") == "registered":
                result = self.api.patch_artifact(id_, {"status": "registered"})
            return result
        patch = {k: want.get(k) for k in ("name", "description") if current.get(k) != want.get(k)}
        if patch:
            result = self.api.patch_artifact(id_, patch)
        return result


def outputs(artifact: models.Artifact, props: dict[str, Any]) -> dict[str, Any]:
    """The state of an artifact: live values, in the same canonical form as checked inputs."""
    spec = canonical_spec(artifact.spec.model_dump() if artifact.spec else None)
    outs: dict[str, Any] = {
        "name": artifact.name,
        "description": artifact.description,
        "type": artifact.type,
        "status": artifact.status,
        "spec": spec,
        "spec_revision": spec_revision(spec),
        "version": artifact.version,
        "created_at": artifact.created_at,
        "updated_at": artifact.updated_at,
        "registered_at": artifact.registered_at,
    }
    for key in PROVIDER_ONLY:
        outs[key] = props.get(key)
    return outs


def _wire_spec(spec: dict[str, Any]) -> dict[str, Any]:
    from .client import models

    return models.ArtifactSpec.model_validate(spec).model_dump(by_alias=True, exclude_none=True)
