"""The served OpenAPI document describes the real contract."""

from __future__ import annotations

from typing import Any

from tests.server.helpers import Api, artifact_body

METHODS = {"get", "post", "put", "patch", "delete"}


def _document(api: Api) -> dict[str, Any]:
    response = api.client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_reference_resolves(api: Api) -> None:
    document = _document(api)
    schemas = document["components"]["schemas"]
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schemas, ref
    assert "HTTPValidationError" not in schemas


def test_operations_document_real_codes_and_bodies(api: Api) -> None:
    paths = _document(api)["paths"]
    operations = {
        (method.upper(), path): operation
        for path, item in paths.items()
        for method, operation in item.items()
        if method in METHODS
    }
    create = operations[("POST", "/api/v2/registry/artifacts/")]
    assert set(create["responses"]) == {"201", "400", "401", "403", "422"}
    body_schema = create["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/InputArtifact"}
    error = create["responses"]["422"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorBody"}
    put = operations[("PUT", "/api/v2/registry/artifacts/{artifactId}/")]
    assert {"404", "409"} <= set(put["responses"])
    start = operations[("POST", "/api/v2/console/workloads/{workloadId}/start")]
    assert set(start["responses"]) == {"202", "401", "403", "404", "409"}
    delete = operations[("DELETE", "/api/v2/console/workloads/{workloadId}/")]
    assert "content" not in delete["responses"]["204"]
    listing = operations[("GET", "/api/v2/console/deployments/")]
    assert [p["name"] for p in listing["parameters"]] == [
        "offset",
        "limit",
        "ids",
        "search",
        "sort",
    ]
    for (_method, path), operation in operations.items():
        assert "401" in operation["responses"], path
        assert not path.startswith("/__test__")
    assert ("GET", "/api/v2/endpoints/deployments/{deploymentId}/{appPath}") in operations


def test_schemas_are_camel_case_and_closed(api: Api) -> None:
    schemas = _document(api)["components"]["schemas"]
    container = schemas["Container"]
    assert "imageUri" in container["properties"]
    assert container["additionalProperties"] is False
    assert schemas["InputArtifact"]["required"] == ["name", "spec"]


def test_security_and_docs_page(api: Api) -> None:
    document = _document(api)
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert api.client.get("/api/v2/docs").status_code == 200


def test_creates_link_to_what_takes_the_new_id_and_rules_are_stated(api: Api) -> None:
    document = _document(api)
    paths = document["paths"]
    for path, operation_id in (
        ("/api/v2/registry/artifacts/", "getArtifact"),
        ("/api/v2/console/workloads/", "getWorkload"),
        ("/api/v2/console/deployments/", "getDeployment"),
        ("/api/v2/artifacts/", "currentGetArtifact"),
        ("/api/v2/workloads/", "currentGetWorkload"),
    ):
        answer = paths[path]["post"]["responses"]["201"]
        assert "Location" in answer["headers"], path
        targets = {link["operationId"] for link in answer["links"].values()}
        assert operation_id in targets, (path, targets)
    schemas = document["components"]["schemas"]
    assert len(schemas["WorkloadCreate"]["oneOf"]) == 2
    assert len(schemas["CurrentWorkloadCreate"]["oneOf"]) == 2
    assert schemas["Container"]["then"]["required"] == ["port"]
    assert "anyOf" in schemas["ArtifactSpec"] and "anyOf" in schemas["CurrentSpec"]


def test_create_answers_carry_the_new_objects_location(api: Api) -> None:
    artifact = api.post("/registry/artifacts/", json=artifact_body())
    assert artifact.headers["Location"].endswith(
        f"/api/v2/registry/artifacts/{artifact.json()['id']}"
    )
    assert api.get(artifact.headers["Location"]).status_code == 200
    workload = api.workload(artifact.json()["id"])
    assert api.get(f"/console/workloads/{workload['id']}").status_code == 200
