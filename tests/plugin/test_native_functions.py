"""The lookups as provider functions (invoke), and the plugin's config precedence, without
the engine: the schema is derived from the lookups, invoke runs the very lookup code."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from datarobot_workloads_provider import lookups
from datarobot_workloads_provider.native import provider as native_provider
from datarobot_workloads_provider.native import settings
from datarobot_workloads_provider.native.package_schema import build_schema, function_token
from datarobot_workloads_provider.native.provider import (
    UnknownResourceType,
    WorkloadsProvider,
)
from datarobot_workloads_provider.native.wire import map_from_plain, map_to_plain
from pulumi.provider.experimental.provider import InvokeRequest


def test_every_lookup_is_a_schema_function_with_its_parameters() -> None:
    functions = build_schema()["functions"]
    assert len(functions) == len(lookups.LOOKUPS) == 7
    artifact = functions["datarobot-workloads:index:getArtifact"]
    assert set(artifact["inputs"]["properties"]) == {"id", "name", "version", "latestRegistered"}
    assert artifact["inputs"]["required"] == []
    assert {"id", "name", "status"} <= set(artifact["outputs"]["required"])
    stats = functions["datarobot-workloads:index:getDeploymentStats"]
    assert stats["inputs"]["required"] == ["id"]
    listed = functions["datarobot-workloads:index:listWorkloads"]["outputs"]["properties"]
    assert listed["items"]["items"] == {"$ref": "#/types/datarobot-workloads:index:WorkloadInfo"}


class _Api:
    """Answers as the API client does, for one artifact named `model` at versions 1-2."""

    dialect = "older"

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def _artifact(self, version: int, status: str) -> SimpleNamespace:
        return SimpleNamespace(
            id=f"a{version}",
            name="model",
            status=status,
            version=version,
            type="service",
            description=None,
            spec=None,
            created_at="2026-01-01T00:00:00Z",
            registered_at=None,
            artifact_repository_id=None,
            dialect="older",
        )

    def list_artifacts(self, **params: Any) -> list[SimpleNamespace]:
        self.calls.append(("list_artifacts", params))
        return [self._artifact(1, "registered"), self._artifact(2, "registered")]


def _invoke(monkeypatch: pytest.MonkeyPatch, token: str, args: dict[str, Any]) -> dict[str, Any]:
    api = _Api()
    monkeypatch.setattr(native_provider, "client_for", lambda _settings: api)
    monkeypatch.setenv("DATAROBOT_API_TOKEN", "t")
    request = InvokeRequest(token, map_from_plain(args))
    response = asyncio.run(WorkloadsProvider().invoke(request))
    assert response.return_value is not None
    return map_to_plain(response.return_value)


def test_invoke_answers_with_the_lookup_in_camel_case(monkeypatch: pytest.MonkeyPatch) -> None:
    token = function_token(lookups.LOOKUPS[0])
    found = _invoke(monkeypatch, token, {"name": "model", "latestRegistered": True})
    assert found["id"] == "a2" and found["version"] == 2.0
    assert found["createdAt"] == "2026-01-01T00:00:00Z"
    assert "registeredAt" not in found  # None is left out, not sent as null


def test_invoke_takes_whole_numbers_as_integers(monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _invoke(monkeypatch, "datarobot-workloads:index:listArtifacts", {"limit": 1})
    assert [item["id"] for item in listed["items"]] == ["a1"]
    with pytest.raises(lookups.LookupArgumentError, match="whole number"):
        _invoke(monkeypatch, "datarobot-workloads:index:listArtifacts", {"limit": 1.5})


def test_invoke_refuses_an_unknown_function_and_a_lookup_without_arguments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(UnknownResourceType, match="no function"):
        _invoke(monkeypatch, "datarobot-workloads:index:getNothing", {})
    with pytest.raises(lookups.LookupArgumentError, match="needs id"):
        _invoke(monkeypatch, "datarobot-workloads:index:getArtifact", {})


def test_invoke_names_functions_and_arguments_as_the_program_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lookup errors say `getArtifact` and `latestRegistered` to TypeScript and YAML, as
    the Python ones say `get_artifact` and `latest_registered` to Python."""
    with pytest.raises(lookups.LookupArgumentError) as missing:
        _invoke(monkeypatch, "datarobot-workloads:index:getArtifact", {})
    assert str(missing.value) == (
        "getArtifact needs id, or name with version or latestRegistered=true"
    )
    with pytest.raises(lookups.LookupArgumentError) as typo:
        _invoke(monkeypatch, "datarobot-workloads:index:listArtifacts", {"serch": "m"})
    assert str(typo.value) == "listArtifacts has no argument 'serch' (it takes: search, limit)"
    with pytest.raises(lookups.LookupArgumentError) as required:
        _invoke(monkeypatch, "datarobot-workloads:index:getDeploymentStats", {})
    assert str(required.value) == "getDeploymentStats needs id"
    # The Python front door keeps its own spelling.
    with pytest.raises(lookups.LookupArgumentError) as python:
        lookups.get_artifact(_Api())  # type: ignore[arg-type]
    assert "get_artifact needs id" in str(python.value)
    assert "latest_registered=true" in str(python.value)


def test_config_precedence_per_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_TRACE_CONTEXT", "from-env")
    monkeypatch.delenv("DATAROBOT_ENDPOINT", raising=False)
    asked: list[list[str]] = []

    def shared(names: list[str]) -> dict[str, str]:
        asked.append(names)
        return {"endpoint": "http://shared/api", "apikey": "shared-token"}

    own = {"datarobot-workloads:config:endpoint": "http://own/api"}
    chosen = settings.resolve({"apikey": "input-token"}, own, shared)
    # 1. provider input, 2. own namespace, 3. datarobot:* (endpoint lost to 2), 4. env.
    assert (chosen.token, chosen.endpoint, chosen.trace_context) == (
        "input-token",
        "http://own/api",
        "from-env",
    )
    assert asked == [["tracecontext", "dialect"]]  # only the keys 1 and 2 leave unset
    only_shared = settings.resolve({}, {}, shared)
    assert (only_shared.endpoint, only_shared.token) == ("http://shared/api", "shared-token")

    # The dialect comes from the shared namespace like the other keys.
    current = settings.resolve({}, {}, lambda _names: {"dialect": "current"})
    assert current.dialect == "current"

    everything = {
        f"datarobot-workloads:config:{k}": "current" if k == "dialect" else "x"
        for k in settings.KEYS
    }
    settings.resolve({}, everything, shared)
    assert len(asked) == 2  # not asked when every key is set by the package's own config


def test_stack_of_a_provider_urn() -> None:
    urn = "urn:pulumi:dev::shop::pulumi:providers:datarobot-workloads::default_0_2_0"
    assert settings.stack_of(urn) == "dev"
