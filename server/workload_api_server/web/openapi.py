"""The OpenAPI document: the contract as served, with real status codes and error bodies.

Handlers read bodies and query strings themselves (to keep the contract's order of
checks), so FastAPI cannot infer those parts; they are documented here by hand, with
component schemas generated from the same pydantic models that validate requests.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from workload_api_server.schemas.artifacts import (
    ArtifactFormatted,
    ArtifactList,
    ArtifactPatch,
    ArtifactReplace,
    InputArtifact,
)
from workload_api_server.schemas.common import ErrorBody
from workload_api_server.schemas.current.artifacts import (
    Artifact,
    ArtifactRepository,
    CurrentArtifactClone,
    CurrentArtifactCreate,
    CurrentArtifactList,
    CurrentArtifactPatch,
    CurrentArtifactReplace,
    CurrentRepositoryList,
)
from workload_api_server.schemas.current.common import CurrentError, CurrentValidationError
from workload_api_server.schemas.current.workloads import (
    CurrentActionResult,
    CurrentReplacementCreate,
    CurrentReplacementList,
    CurrentSettings,
    CurrentSettingsPatch,
    CurrentWorkloadCreate,
    CurrentWorkloadList,
    CurrentWorkloadPatch,
    Replacement,
    Workload,
)
from workload_api_server.schemas.deployments import (
    DeploymentCreate,
    DeploymentFormatted,
    DeploymentList,
    DeploymentPatch,
    DeploymentStats,
)
from workload_api_server.schemas.workloads import WorkloadCreate, WorkloadFormatted, WorkloadList
from workload_api_server.web.openapi_rules import state_rules

_REF_TEMPLATE = "#/components/schemas/{model}"
_REQUEST_MODELS: tuple[type[BaseModel], ...] = (
    InputArtifact,
    ArtifactReplace,
    ArtifactPatch,
    WorkloadCreate,
    DeploymentCreate,
    DeploymentPatch,
    CurrentArtifactCreate,
    CurrentArtifactReplace,
    CurrentArtifactPatch,
    CurrentArtifactClone,
    CurrentWorkloadCreate,
    CurrentWorkloadPatch,
    CurrentReplacementCreate,
    CurrentSettingsPatch,
)
_RESPONSE_MODELS: tuple[type[BaseModel], ...] = (
    ArtifactFormatted,
    ArtifactList,
    WorkloadFormatted,
    WorkloadList,
    DeploymentFormatted,
    DeploymentList,
    DeploymentStats,
    ErrorBody,
    Artifact,
    CurrentArtifactList,
    ArtifactRepository,
    CurrentRepositoryList,
    Workload,
    CurrentWorkloadList,
    Replacement,
    CurrentReplacementList,
    CurrentSettings,
    CurrentActionResult,
    CurrentError,
    CurrentValidationError,
)
_ERROR_DESCRIPTIONS = {
    400: "Malformed JSON, a missing body, or a body that is not a JSON object.",
    401: "Missing or unknown bearer token.",
    403: "The token may read but not write; in the current dialect also: the artifact is locked.",
    404: "Unknown, deleted, or another owner's object.",
    409: "A state rule forbids this action now.",
    422: "Invalid values, each named by its field path (`errors`, or `detail[].loc`).",
    502: "The workload's process did not answer.",
    503: "The workload is not running, or is scaled to zero.",
    504: "The workload's process did not answer in time.",
}


def ref(model: type[BaseModel]) -> dict[str, str]:
    """A reference to a model's component schema."""
    return {"$ref": _REF_TEMPLATE.format(model=model.__name__)}


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` documenting a required JSON body."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ref(model)}},
        }
    }


def responses(
    success: int,
    model: type[BaseModel] | None,
    *errors: int,
    description: str = "Success.",
    current: bool = False,
) -> dict[int | str, dict[str, Any]]:
    """The success answer and the error answers for one operation, in its dialect's shape."""
    documented: dict[int | str, dict[str, Any]] = {success: {"description": description}}
    if model is not None:
        documented[success]["content"] = {"application/json": {"schema": ref(model)}}
    for code in errors:
        body: type[BaseModel] = ErrorBody
        if current:
            body = CurrentValidationError if code == 422 else CurrentError
        documented[code] = {
            "description": _ERROR_DESCRIPTIONS[code],
            "content": {"application/json": {"schema": ref(body)}},
        }
    return documented


def created(
    item_operations: dict[str, str],
    parameter: str,
    *,
    source: str = "$response.body#/id",
    location: bool = True,
    bodies: dict[str, tuple[str, dict[str, Any]]] | None = None,
    item_bodies: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The `Location` header and OpenAPI links of a create answer, so a client (or a
    fuzzer) can follow create -> read -> update -> delete, and on to the objects that
    use the new one (`bodies`: link name -> operation and a request body built from the
    answer, e.g. a workload create naming the new artifact; `item_bodies`: a body for
    one of the item operations)."""
    links: dict[str, Any] = {
        name: {"operationId": operation, "parameters": {parameter: source}}
        for name, operation in item_operations.items()
    }
    for name, body in (item_bodies or {}).items():
        links[name]["requestBody"] = body
    for name, (operation, body) in (bodies or {}).items():
        links[name] = {"operationId": operation, "requestBody": body}
    answer: dict[str, Any] = {"links": links}
    if location:
        answer["headers"] = {
            "Location": {
                "description": "The new object's URL.",
                "schema": {"type": "string", "format": "uri"},
            }
        }
    return answer


def with_created(
    documented: dict[int | str, dict[str, Any]], success: int, extra: dict[str, Any]
) -> dict[int | str, dict[str, Any]]:
    """`documented` with `created(...)` merged into its success answer."""
    documented[success].update(extra)
    return documented


def _component_schemas() -> dict[str, Any]:
    inputs = [(model, "validation") for model in _REQUEST_MODELS]
    outputs = [(model, "serialization") for model in _RESPONSE_MODELS]
    _, document = models_json_schema([*inputs, *outputs], ref_template=_REF_TEMPLATE)  # type: ignore[list-item]
    schemas: dict[str, Any] = document.get("$defs", {})
    state_rules(schemas)
    return schemas


def _drop_framework_validation(document: dict[str, Any]) -> None:
    # FastAPI documents its own 422 body for operations with parameters; this server
    # never answers with it, so it is removed along with its schemas.
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            answer = operation.get("responses", {}).get("422")
            if answer and "HTTPValidationError" in str(answer):
                del operation["responses"]["422"]
    schemas = document.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The full document: routes, component schemas, and bearer security."""
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    _drop_framework_validation(document)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {}).update(_component_schemas())
    components["securitySchemes"] = {"bearerAuth": {"type": "http", "scheme": "bearer"}}
    document["security"] = [{"bearerAuth": []}]
    return document
