"""Deployment: a stable invoke URL in front of a workload whose artifact is registered.

Only metadata (name, description, importance) changes in place (PATCH); pointing at
another workload means a new deployment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..client.errors import ApiError, ValidationError
from ..definitions import DEPLOYMENT
from .core import Checked, Lifecycle, ProviderError

if TYPE_CHECKING:
    from ..client import models
    from ..client.api import WorkloadApi

# Said at preview when a program declares a deployment in the current dialect.
NO_DEPLOYMENTS = (
    "the current dialect of the Workload API has no deployments: a workload has its own "
    "stable invoke URL (the Workload's `invoke_url` output), its own importance and "
    "description, and keeps the URL across rolling replacements; remove this Deployment "
    "and use the workload's invoke_url, or use the older dialect (datarobot:dialect older)"
)


class DeploymentLifecycle(Lifecycle["models.Deployment"]):
    definition = DEPLOYMENT

    def normalize(self, checked: Checked) -> None:
        if self.current:
            raise ProviderError(f"Deployment {checked.inputs.get('name')!r}: {NO_DEPLOYMENTS}")
        if checked.inputs.get("artifact_status") == "draft":
            checked.failures.append(
                (
                    "workload_id",
                    "the workload runs a draft artifact, and only workloads of "
                    "registered artifacts can be deployed; set status='registered' on the artifact",
                )
            )

    def fetch(self, id_: str, api: WorkloadApi) -> models.Deployment:
        return api.get_deployment(id_)

    def create_object(self, props: dict[str, Any]) -> models.Deployment:
        body = {
            "name": props["name"],
            "workloadId": props["workload_id"],
            "description": props.get("description"),
            "importance": props.get("importance", DEPLOYMENT.default("importance")),
        }
        return self.api.create_deployment(body)

    def create_cause(self, error: ApiError) -> str | None:
        if isinstance(error, ValidationError) and "workloadId" in error.field_errors:
            return (
                f"workload_id: {error.field_errors['workloadId']} (only a workload whose "
                "artifact is registered can be deployed: set status='registered' on its "
                "artifact)"
            )
        return None

    def remove(self, id_: str, api: WorkloadApi) -> None:
        api.delete_deployment(id_)

    def refuse_adoption(self, id_: str, live: models.Deployment, props: dict[str, Any]) -> None:
        if live.workload_id != props.get("workload_id"):
            raise ProviderError(
                f"adopt_id: deployment {id_} serves workload {live.workload_id}, not "
                f"{props.get('workload_id')}; a deployment cannot change its workload"
            )

    def converge(
        self,
        id_: str,
        live: models.Deployment,
        want: dict[str, Any],
        olds: dict[str, Any] | None,
    ) -> models.Deployment:
        current = self.state(live, want)
        patch = {
            k: want.get(k) for k in DEPLOYMENT.keys("in_place") if current.get(k) != want.get(k)
        }
        return self.api.patch_deployment(id_, patch) if patch else live
