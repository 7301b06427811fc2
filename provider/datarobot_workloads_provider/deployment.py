"""Deployment: a stable invoke URL in front of a workload whose artifact is registered.

Only metadata (name, description, importance) changes in place (PATCH); pointing at
another workload means a new deployment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from .base import ApiResourceProvider, ProviderError, SchemaModel, changed_keys
from .client.errors import ApiError, NotFoundError, ValidationError
from .replacement import DEPLOYMENT_IN_PLACE, DEPLOYMENT_REPLACE

if TYPE_CHECKING:
    from .client import models

PROVIDER_ONLY = ("adopt_id", "artifact_status")


class DeploymentProvider(ApiResourceProvider):
    input_model = SchemaModel("DeploymentInput")
    kind = "deployment"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        if result.inputs.get("artifact_status") == "draft":
            result.failures.append(
                CheckFailure(
                    "workload_id",
                    "the workload runs a draft artifact, and only workloads of "
                    "registered artifacts can be deployed; set status='registered' on the artifact",
                )
            )
        return result

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = changed_keys(olds, news, DEPLOYMENT_REPLACE)
        changes = replaces + changed_keys(olds, news, DEPLOYMENT_IN_PLACE)
        return DiffResult(changes=bool(changes), replaces=replaces, delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        adopt_id = props.get("adopt_id")
        if adopt_id:
            return CreateResult(adopt_id, self._adopt(adopt_id, props))
        body = {
            "name": props["name"],
            "workloadId": props["workload_id"],
            "description": props.get("description"),
            "importance": props.get("importance", "low"),
        }
        try:
            deployment = self.api.create_deployment(body)
        except ValidationError as error:
            if "workloadId" in error.field_errors:
                raise self.create_failed(
                    props["name"],
                    error,
                    f"workload_id: {error.field_errors['workloadId']} (only a workload whose "
                    "artifact is registered can be deployed: set status='registered' on its "
                    "artifact)",
                ) from error
            raise self.create_failed(props["name"], error) from error
        except ApiError as error:
            raise self.create_failed(props["name"], error) from error
        return CreateResult(deployment.id, outputs(deployment, props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self.read_live(id_, self.api.get_deployment, lambda live: outputs(live, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        try:
            live = self.api.get_deployment(id_)
            return UpdateResult(outputs(self._converge(id_, live, news), news))
        except ApiError as error:
            raise self.fail("updating", id_, error) from error

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        try:
            self.api.delete_deployment(id_)
        except ApiError as error:
            raise self.fail("deleting", id_, error) from error

    def _adopt(self, id_: str, props: dict[str, Any]) -> dict[str, Any]:
        try:
            live = self.api.get_deployment(id_)
        except NotFoundError as error:
            raise ProviderError(f"adopt_id: deployment {id_} does not exist") from error
        if live.workload_id != props.get("workload_id"):
            raise ProviderError(
                f"adopt_id: deployment {id_} serves workload {live.workload_id}, not "
                f"{props.get('workload_id')}; a deployment cannot change its workload"
            )
        try:
            return outputs(self._converge(id_, live, props), props)
        except ApiError as error:
            raise self.fail("adopting", id_, error) from error

    def _converge(
        self, id_: str, live: models.Deployment, want: dict[str, Any]
    ) -> models.Deployment:
        current = outputs(live, want)
        patch = {k: want.get(k) for k in DEPLOYMENT_IN_PLACE if current.get(k) != want.get(k)}
        return self.api.patch_deployment(id_, patch) if patch else live


def outputs(deployment: models.Deployment, props: dict[str, Any]) -> dict[str, Any]:
    outs: dict[str, Any] = {
        "name": deployment.name,
        "workload_id": deployment.workload_id,
        "description": deployment.description,
        "importance": deployment.importance,
        "status": deployment.status,
        "endpoint": deployment.endpoint,
        "created_at": deployment.created_at,
        "updated_at": deployment.updated_at,
    }
    for key in PROVIDER_ONLY:
        outs[key] = props.get(key)
    return outs
