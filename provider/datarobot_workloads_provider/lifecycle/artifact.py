"""Artifact: a container spec that is a mutable draft until registered, then immutable.

Draft changes and registration are updates in place (PUT for the spec, PATCH for metadata
and status); a registered artifact's spec or type, or a return to draft, needs a new
artifact. `spec_revision` (a digest of the spec, computed in check so that previews know
it) is what workloads watch to restart onto a changed draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..contract.canonical import canonical_spec, spec_revision
from ..definitions import ARTIFACT
from ..unknowns import UNKNOWN, contains_unknown, is_unknown
from .core import Checked, Lifecycle, ProviderError

if TYPE_CHECKING:
    from ..client import models

# What a PUT of a draft sends (status goes by PATCH, one way).
_REPLACED_BY_PUT = ("name", "description", "type", "spec")


class ArtifactLifecycle(Lifecycle["models.Artifact"]):
    definition = ARTIFACT
    in_use = "a workload still uses it"

    def normalize(self, checked: Checked) -> None:
        if checked.failures:
            return
        spec = checked.inputs.get("spec")
        if spec is None or contains_unknown(spec):
            checked.inputs["spec_revision"] = UNKNOWN
        else:
            checked.inputs["spec"] = canonical_spec(spec)
            checked.inputs["spec_revision"] = spec_revision(spec)

    def registered(self, olds: dict[str, Any]) -> bool:
        return olds.get("status") == "registered"

    def extra_replaces(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        """Registration is one way: back to draft (or not known yet) is a new artifact."""
        new_status = news.get("status")
        if self.registered(olds) and (is_unknown(new_status) or new_status == "draft"):
            return ["status"]
        return []

    def stables(self, replaces: list[str]) -> tuple[str, ...]:
        return () if replaces else ("created_at",)

    def fetch(self, id_: str) -> models.Artifact:
        return self.api.get_artifact(id_)

    def create_object(self, props: dict[str, Any]) -> models.Artifact:
        body = {
            "name": props["name"],
            "description": props.get("description"),
            "type": props.get("type", ARTIFACT.default("type")),
            "status": props.get("status", ARTIFACT.default("status")),
            "spec": _wire_spec(props["spec"]),
        }
        return self.api.create_artifact(body)

    def remove(self, id_: str) -> None:
        self.api.delete_artifact(id_)

    def refuse_adoption(self, id_: str, live: models.Artifact, props: dict[str, Any]) -> None:
        if live.status != "registered":
            return
        live_spec = canonical_spec(live.spec.model_dump() if live.spec else None)
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
        if live.status != "registered":
            if any(current.get(k) != want.get(k) for k in _REPLACED_BY_PUT):
                result = self.api.replace_artifact(
                    id_,
                    {
                        "name": want["name"],
                        "description": want.get("description"),
                        "type": want.get("type", ARTIFACT.default("type")),
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

    def live_values(
        self, live: models.Artifact, props: dict[str, Any], observed: bool
    ) -> dict[str, Any]:
        """Live values, in the same canonical form as checked inputs."""
        spec = canonical_spec(live.spec.model_dump() if live.spec else None)
        return {**live.model_dump(), "spec": spec, "spec_revision": spec_revision(spec)}


def _wire_spec(spec: dict[str, Any]) -> dict[str, Any]:
    from ..client import models

    return models.ArtifactSpec.model_validate(spec).model_dump(by_alias=True, exclude_none=True)
