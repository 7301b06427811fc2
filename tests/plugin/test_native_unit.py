"""The native front door without the engine: names, values, schema, dispatch, config.

These pin the translation layer, which is all the native provider adds on top of the
lifecycle classes: if a name or a value came out differently than the Python dynamic
resources produce it, the two front doors would disagree about the same object.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from datarobot_workloads_provider.client.settings import NO_TOKEN, TOKEN_ENV
from datarobot_workloads_provider.failure import ProviderError
from datarobot_workloads_provider.lifecycle import core
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle
from datarobot_workloads_provider.lookups import LOOKUPS
from datarobot_workloads_provider.native import provider as native_provider
from datarobot_workloads_provider.native import wire
from datarobot_workloads_provider.native.package_schema import (
    KINDS,
    WORKLOAD,
    build_schema,
    function_token,
)
from datarobot_workloads_provider.native.provider import (
    LookupUnavailable,
    WorkloadsProvider,
    default_api_name,
    resource_type,
)
from datarobot_workloads_provider.unknowns import UNKNOWN
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckRequest,
    ConfigureRequest,
    CreateRequest,
    DeleteRequest,
    DiffRequest,
    InvokeRequest,
    PropertyDiffKind,
    ReadRequest,
    UpdateRequest,
)

from tests.support.engine_numbers import AS_WRITTEN, RecordingLifecycle, exactly
from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi
from tests.support.fake_workloads import WORKLOAD_ID, FakeWorkload

URN = "urn:pulumi:dev::shop::datarobot-workloads:index:Artifact::model"


def test_names_round_trip() -> None:
    for snake in ("image_uri", "container_groups", "initial_delay_seconds", "name", "gpu_type"):
        assert wire.to_snake(wire.to_camel(snake)) == snake
    assert wire.to_camel("environment_vars") == "environmentVars"
    assert wire.path_to_camel("spec.container_groups[0].containers[1].image_uri") == (
        "spec.containerGroups[0].containers[1].imageUri"
    )


def test_values_are_never_renamed() -> None:
    policy = {"scalingMetric": "httpRequestsPerHour", "minCount": 1.0}
    assert wire.keys_to_snake(policy) == {"scaling_metric": "httpRequestsPerHour", "min_count": 1.0}


def test_unknowns_and_numbers_cross_the_wire() -> None:
    value = PropertyValue({"a": PropertyValue.computed(), "b": PropertyValue([PropertyValue(2.0)])})
    assert wire.to_plain(value) == {"a": UNKNOWN, "b": [2.0]}
    back = wire.map_from_plain({"port": 8080, "id": UNKNOWN, "gone": None})
    assert back["port"] == PropertyValue(8080.0)
    # The wire form of an unknown (the SDK 3.260 cannot marshal its own Computed).
    assert back["id"] == PropertyValue(UNKNOWN)
    assert back["id"].marshal().string_value == UNKNOWN
    assert "gone" not in back


def test_default_name_matches_the_python_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    import pulumi
    from pulumi_datarobot_workloads import _props

    monkeypatch.setattr(pulumi, "get_project", lambda: "shop")
    monkeypatch.setattr(pulumi, "get_stack", lambda: "dev")
    assert default_api_name(URN, "Artifact") == _props.auto_name("model", "Artifact")


def test_resource_type_of_a_child() -> None:
    child = "urn:pulumi:dev::shop::my:Component$datarobot-workloads:index:Workload::w"
    assert resource_type(child) == "datarobot-workloads:index:Workload"
    assert resource_type(URN) == "datarobot-workloads:index:Artifact"


def test_schema_has_every_input_of_the_models() -> None:
    schema = build_schema()
    for kind in KINDS:
        resource = schema["resources"][kind.token]
        fields = {wire.to_camel(name) for name in kind.input_model.model_fields}
        assert set(resource["inputProperties"]) == fields
        assert set(fields) <= set(resource["properties"])
        assert "name" not in resource["requiredInputs"]
    container = schema["types"]["datarobot-workloads:index:Container"]
    assert container["required"] == ["name", "imageUri"]
    assert container["properties"]["port"]["type"] == "integer"
    assert schema["config"]["variables"]["apikey"]["secret"] is True


def test_fixed_value_sets_are_enum_inputs_and_string_outputs() -> None:
    """A generated SDK refuses `importance: "medium"` (TypeScript at compile time, YAML at
    its type check) because the input is an enum named as in Python; the resource's own
    output stays a string, which YAML may pass on to a string input (`artifactStatus`)."""
    schema = build_schema()
    importance = schema["types"]["datarobot-workloads:index:Importance"]
    assert [item["value"] for item in importance["enum"]] == ["critical", "high", "moderate", "low"]
    deployment = schema["resources"]["datarobot-workloads:index:Deployment"]
    ref = {"$ref": "#/types/datarobot-workloads:index:Importance"}
    assert ref.items() <= deployment["inputProperties"]["importance"].items()
    assert deployment["properties"]["importance"]["type"] == "string"
    artifact = schema["resources"]["datarobot-workloads:index:Artifact"]
    assert artifact["inputProperties"]["status"]["$ref"].endswith(":ArtifactStatus")
    assert artifact["properties"]["status"]["type"] == "string"
    probe = schema["types"]["datarobot-workloads:index:Probe"]["properties"]["scheme"]
    assert probe["$ref"] == "#/types/datarobot-workloads:index:ProbeScheme"
    workload = schema["resources"]["datarobot-workloads:index:Workload"]
    assert workload["inputProperties"]["artifactStatus"] == {"type": "string"}


def _check(urn: str, news: dict[str, Any]) -> Any:
    request = CheckRequest(urn, {}, wire.map_from_plain(news), b"")
    return asyncio.run(WorkloadsProvider().check(request))


def test_check_names_the_property_in_camel_case() -> None:
    spec = {"containerGroups": [{"containers": [{"name": "app", "imageUri": "x", "port": 80}]}]}
    response = _check(URN, {"spec": spec})
    assert [(f.property, f.reason) for f in response.failures] == [
        (
            "spec.containerGroups[0].containers[0].port",
            "Input should be greater than or equal to 1024",
        )
    ]


def test_check_reasons_hold_for_the_program_s_language() -> None:
    """A reason never tells a TypeScript or YAML program to use Python's names: the path
    names the property in camelCase and the reason names no other one."""
    container = {"name": "app", "imageURI": "x", "port": 8080}
    response = _check(URN, {"spec": {"containerGroups": [{"containers": [container]}]}})
    reasons = {f.property: f.reason for f in response.failures}
    typo = reasons["spec.containerGroups[0].containers[0].imageURI"]
    assert typo.startswith("unknown property") and "camelCase in TypeScript and YAML" in typo
    workload = "urn:pulumi:dev::shop::datarobot-workloads:index:Workload::w"
    policy = {"scalingMetric": "cpuAverageUtilization", "target": 50, "minCount": 3, "maxCount": 1}
    runtime = {"autoscaling": {"enabled": True, "policies": [policy]}}
    response = _check(workload, {"artifactId": "a1", "runtime": runtime})
    assert [(f.property, f.reason) for f in response.failures] == [
        (
            "runtime.autoscaling.policies[0].maxCount",
            "must be >= the policy's minimum count (3)",
        )
    ]


def test_check_fills_in_the_name_and_the_revision() -> None:
    spec = {"containerGroups": [{"containers": [{"name": "app", "imageUri": "x", "port": 8080}]}]}
    response = _check(URN, {"spec": spec, "status": "registered"})
    assert response.failures is None
    inputs = wire.map_to_plain(response.inputs)
    assert inputs["name"] == default_api_name(URN, "Artifact")
    assert len(inputs["specRevision"]) > 8
    assert inputs["spec"]["containerGroups"][0]["containers"][0]["imageUri"] == "x"


def test_check_keeps_the_name_of_an_object_in_the_state() -> None:
    """An alias changes the URN the name is derived from: the object keeps its name."""
    spec = {"containerGroups": [{"containers": [{"name": "app", "imageUri": "x", "port": 8080}]}]}
    renamed = URN.replace("::model", "::renamed")
    olds = wire.map_from_plain({"name": "model-1234567", "spec": spec})
    request = CheckRequest(renamed, olds, wire.map_from_plain({"spec": spec}), b"")
    inputs = wire.map_to_plain(asyncio.run(WorkloadsProvider().check(request)).inputs)
    assert inputs["name"] == "model-1234567"
    assert wire.map_to_plain(_check(renamed, {"spec": spec}).inputs)["name"] == default_api_name(
        renamed, "Artifact"
    )


def test_diff_plans_what_the_dynamic_provider_plans() -> None:
    workload = "urn:pulumi:dev::shop::datarobot-workloads:index:Workload::w"
    olds = {"name": "w", "artifactId": "a1", "runtime": {"replicaCount": 1}, "status": "running"}

    def diff(news: dict[str, Any]) -> Any:
        request = DiffRequest(
            workload, "w1", wire.map_from_plain(olds), wire.map_from_plain(news), []
        )
        return asyncio.run(WorkloadsProvider().diff(request))

    same = diff({"name": "w", "artifactId": "a1", "runtime": {"replicaCount": 1}})
    assert not same.changes
    moved = diff({"name": "w", "artifactId": "a2", "runtime": {"replicaCount": 1}})
    assert moved.changes and moved.replaces == ["artifactId"]
    assert set(moved.detailed_diff) == {"artifactId"}
    stopped = diff(
        {
            "name": "w",
            "artifactId": "a1",
            "runtime": {"replicaCount": 1},
            "desiredStatus": "stopped",
        }
    )
    assert stopped.changes and stopped.replaces == []
    assert set(stopped.detailed_diff) == {"desiredStatus"}


def test_detailed_diff_shows_the_state_against_the_inputs() -> None:
    """The plan compares the state with the program, so the display must take the old
    value from the state: after a refresh kept the program's inputs, drift made outside
    Pulumi (here an importance set by hand) shows as `"low" => "high"`, not `"high" =>
    "high"`, in `refresh` and in the `up` after it."""
    deployment = "urn:pulumi:dev::shop::datarobot-workloads:index:Deployment::d"
    state = {"name": "d", "workloadId": "w1", "importance": "low", "status": "running"}
    news = {"name": "d", "workloadId": "w1", "importance": "high"}
    request = DiffRequest(
        deployment, "d1", wire.map_from_plain(state), wire.map_from_plain(news), []
    )
    response = asyncio.run(WorkloadsProvider().diff(request))
    assert response.changes and response.replaces == []
    (entry,) = response.detailed_diff.values()
    assert set(response.detailed_diff) == {"importance"}
    assert entry.kind == PropertyDiffKind.UPDATE
    assert entry.input_diff is False


def test_container_resources_cross_in_camel_case(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plugin's programs size containers as the Python ones do: `runtime.containers`
    with `resourceAllocation`, or the artifact's requests (`artifactResources`: its
    containers, passed whole; a list, so no container name is ever renamed, and only
    names and requests are kept); the older dialect refuses the runtime's."""
    workload = "urn:pulumi:dev::shop::datarobot-workloads:index:Workload::w"
    sized = {"name": "log_ship", "resourceAllocation": {"cpu": 0.5, "gpuMemory": 1024}}
    news = {
        "artifactId": "a1",
        "runtime": {"containers": [sized]},
        "artifactResources": [
            {"name": "log_ship", "imageUri": "r/log:1"},
            {
                "name": "webApp",
                "imageUri": "r/web:1",
                "environmentVars": [{"name": "MODE", "value": "fast"}],
                "resourceRequest": {"cpu": 2, "memory": 4096},
            },
        ],
    }
    older = _check(workload, news)
    assert [f.property for f in older.failures] == ["runtime.containers"]
    monkeypatch.setenv("DATAROBOT_API_DIALECT", "current")
    response = _check(workload, news)
    assert response.failures is None
    inputs = wire.map_to_plain(response.inputs)
    assert inputs["artifactResources"] == [
        {"name": "log_ship"},
        {"name": "webApp", "resourceRequest": {"cpu": 2, "memory": 4096}},
    ]
    runtime = inputs["runtime"]
    assert runtime["containers"] == [
        sized,
        {"name": "webApp", "resourceAllocation": {"cpu": 2, "memory": 4096}},
    ]


WORKLOAD_URN = "urn:pulumi:dev::shop::datarobot-workloads:index:Workload::w"


def test_every_call_hands_the_lifecycle_whole_numbers_as_ints() -> None:
    engine = wire.map_from_plain(wire.keys_to_camel(AS_WRITTEN))
    assert engine["rolloutWarmupMinutes"] == PropertyValue(5.0)
    provider = WorkloadsProvider()
    recorder = RecordingLifecycle()
    provider._lifecycles[WORKLOAD.token] = recorder  # type: ignore[assignment]

    async def every_call() -> None:
        await provider.check(CheckRequest(WORKLOAD_URN, engine, engine, b""))
        await provider.diff(DiffRequest(WORKLOAD_URN, "x1", engine, engine, []))
        await provider.create(CreateRequest(WORKLOAD_URN, engine, 60.0, False))
        await provider.read(ReadRequest(WORKLOAD_URN, "x1", engine, engine))
        await provider.update(UpdateRequest(WORKLOAD_URN, "x1", engine, engine, 60.0, [], False))
        await provider.delete(DeleteRequest(WORKLOAD_URN, "x1", engine, 60.0))

    asyncio.run(every_call())
    assert [exactly(props) for props in recorder.handed] == [exactly(AS_WRITTEN)] * 9


def test_a_refresh_gives_the_engine_the_inputs_of_the_live_object() -> None:
    """Not the program's old inputs: `ignore_changes` then keeps a value changed outside."""
    provider = WorkloadsProvider()
    provider._lifecycles[WORKLOAD.token] = WorkloadLifecycle(api=FakeWorkload(FakeTime()).api())
    stale = {"name": "w", "artifactId": "a" * 24, "runtime": {"replicaCount": 3}}
    state = wire.map_from_plain({**stale, "status": "running", "desiredStatus": "running"})
    request = ReadRequest(WORKLOAD_URN, WORKLOAD_ID, state, wire.map_from_plain(stale))
    response = asyncio.run(provider.read(request))
    inputs = wire.map_to_plain(response.inputs)
    assert inputs["runtime"]["replicaCount"] == 1
    assert inputs["desiredStatus"] == "running"
    assert "status" not in inputs


def test_a_rolling_replacement_sends_the_engines_whole_minutes_as_ints() -> None:
    server = FakeCurrentApi(FakeTime())
    old, new = server.add_artifact("a", "locked"), server.add_artifact("a", "locked")
    workload_id = server.add_workload(old)
    lifecycle = WorkloadLifecycle(api=server.api())
    provider = WorkloadsProvider()
    provider._lifecycles[WORKLOAD.token] = lifecycle
    olds = {**lifecycle.check({}, {"name": "w", "artifact_id": old}).inputs}
    olds["api_dialect"] = "current"
    news = {
        **olds,
        "artifact_id": new,
        "rollout_warmup_minutes": 5,
        "rollout_keep_old_minutes": 0.5,
    }
    request = UpdateRequest(
        WORKLOAD_URN,
        workload_id,
        wire.map_from_plain(wire.keys_to_camel(olds)),
        wire.map_from_plain(wire.keys_to_camel(news)),
        60.0,
        [],
        False,
    )
    state = wire.map_to_plain(asyncio.run(provider.update(request)).properties or {})
    assert state["artifactId"] == new
    posted = server.bodies[server.requests.index(f"POST workloads/{workload_id}/replacement")]
    assert exactly(posted["config"]) == exactly(
        {"warmupDurationMinutes": 5, "keepOldVersionMinutes": 0.5}
    )


def _configured_without_token(monkeypatch: pytest.MonkeyPatch) -> WorkloadsProvider:
    """Configured as the engine configures it, with no token in any of its places, and no
    API client to be made: a check calls nothing."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    plugin = WorkloadsProvider()
    monkeypatch.setattr(plugin, "_shared_config", lambda _names: {})

    def no_client(*_args: Any) -> Any:
        raise AssertionError("a check made an API client")

    monkeypatch.setattr(core, "client_for", no_client)
    monkeypatch.setattr(native_provider, "client_for", no_client)
    asyncio.run(plugin.configure(ConfigureRequest({}, {}, False, False)))
    return plugin


def test_a_check_without_a_configured_token_says_where_to_set_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preview fails as the dynamic provider's does (tests/provider/test_base.py):
    one failure without a property, the same message, after the inputs' own failures."""
    plugin = _configured_without_token(monkeypatch)
    container = {"name": "app", "imageUri": "x", "port": 8080}
    news = {"spec": {"containerGroups": [{"containers": [container]}]}}
    request = CheckRequest(URN, {}, wire.map_from_plain(news), b"")
    response = asyncio.run(plugin.check(request))
    assert [(f.property, f.reason) for f in response.failures] == [("", NO_TOKEN)]
    container["port"] = 80
    response = asyncio.run(plugin.check(CheckRequest(URN, {}, wire.map_from_plain(news), b"")))
    assert [(f.property, f.reason) for f in response.failures] == [
        (
            "spec.containerGroups[0].containers[0].port",
            "Input should be greater than or equal to 1024",
        ),
        ("", NO_TOKEN),
    ]


def test_refresh_and_destroy_without_a_token_say_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plugin = _configured_without_token(monkeypatch)
    props = wire.map_from_plain({"name": "model"})
    for call in (
        plugin.read(ReadRequest(URN, "a1", props, {})),
        plugin.delete(DeleteRequest(URN, "a1", props, 0)),
    ):
        with pytest.raises(ProviderError) as failed:
            asyncio.run(call)
        assert str(failed.value) == NO_TOKEN


def test_a_lookup_without_a_token_says_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = _configured_without_token(monkeypatch)
    request = InvokeRequest(function_token(LOOKUPS[0]), wire.map_from_plain({"id": "a1"}))
    with pytest.raises(LookupUnavailable) as refused:
        asyncio.run(plugin.invoke(request))
    assert str(refused.value) == NO_TOKEN
