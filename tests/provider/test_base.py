"""What every provider shares (the lifecycle core): the message of a failed create, the
pickled reference each resource's state carries, the engine's numbers handed to the
lifecycle as the program wrote them, a missing token reported by the check, and a
refresh's result on the installed Pulumi SDK and on an older one."""

from __future__ import annotations

import base64
import pickletools
import traceback
from typing import Any

import httpx
import pytest
from datarobot_workloads_provider.artifact import ArtifactProvider
from datarobot_workloads_provider.base import ApiResourceProvider, ProviderError
from datarobot_workloads_provider.client import WorkloadApi
from datarobot_workloads_provider.client.settings import (
    ENDPOINT_CONFIG_KEY,
    ENDPOINT_ENV,
    NO_TOKEN,
    TOKEN_CONFIG_KEY,
    TOKEN_ENV,
)
from datarobot_workloads_provider.deployment import DeploymentProvider
from datarobot_workloads_provider.lifecycle import core
from datarobot_workloads_provider.lifecycle.workload import WorkloadLifecycle
from datarobot_workloads_provider.workload import WorkloadProvider
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from tests.support.engine_numbers import (
    AS_WRITTEN,
    RecordingLifecycle,
    as_the_engine_sends,
    exactly,
)
from tests.support.fake_api import FakeTime, fake_api
from tests.support.fake_current import FakeCurrentApi

SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1"}]}]}
CREATES: dict[str, tuple[type[ApiResourceProvider], dict[str, Any]]] = {
    "artifact": (ArtifactProvider, {"name": "web", "spec": SPEC}),
    "workload": (WorkloadProvider, {"name": "web", "artifact_id": "a" * 24}),
    "deployment": (DeploymentProvider, {"name": "web", "workload_id": "w" * 24}),
}


def api_answering(post: httpx.Response, lookups: httpx.Response | None) -> WorkloadApi:
    """A real client whose server answers every POST with `post`; a look for the object
    afterwards gets `lookups`, or a refused connection when None (the server is gone)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return post
        if lookups is None:
            raise httpx.ConnectError("connection refused")
        return lookups

    return fake_api(handler, FakeTime(), max_retries=2)


def create_error(kind: str, api: WorkloadApi, monkeypatch: pytest.MonkeyPatch) -> str:
    provider_class, props = CREATES[kind]
    monkeypatch.setattr(provider_class.lifecycle_class, "api", property(lambda _self: api))
    with pytest.raises(ProviderError) as failed:
        provider_class().create(props)
    return str(failed.value)


@pytest.mark.parametrize("kind", list(CREATES))
def test_a_create_that_may_have_happened_says_what_to_look_for(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = api_answering(httpx.Response(502, json={"message": "bad gateway"}), None)
    message = create_error(kind, api, monkeypatch)
    assert message.startswith(f"creating {kind} 'web' failed: ")
    assert "whether it was created could not be checked" in message
    assert f"if a {kind} named 'web' exists that this stack does not list" in message
    assert "adopt_id" in message


@pytest.mark.parametrize("kind", list(CREATES))
def test_a_create_the_api_refused_names_no_stray_object(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = httpx.Response(403, json={"message": "not allowed to create"})
    message = create_error(kind, api_answering(refused, None), monkeypatch)
    assert message == f"creating {kind} 'web' failed: POST " + message.split("POST ", 1)[1]
    assert "not allowed to create" in message
    assert "adopt_id" not in message


def test_a_provider_error_shows_one_traceback_not_the_chain() -> None:
    class FailingLifecycle:
        def create(self, props: dict[str, Any]) -> Any:
            try:
                raise ValueError("HTTP 422 from the API")
            except ValueError as error:
                raise ProviderError("creating thing 'x' failed: HTTP 422") from error

    provider = ApiResourceProvider()
    provider._lifecycle = FailingLifecycle()  # type: ignore[assignment]
    try:
        provider.create({})
    except ProviderError as error:
        shown = "".join(traceback.format_exception(error))
    assert shown.count("Traceback (most recent call last)") == 1
    assert "HTTP 422 from the API" not in shown
    assert "creating thing 'x' failed: HTTP 422" in shown


@pytest.mark.parametrize("provider_class", [ArtifactProvider, WorkloadProvider, DeploymentProvider])
def test_the_state_holds_a_reference_to_the_provider_class_and_nothing_else(
    provider_class: type[ApiResourceProvider],
) -> None:
    """Every resource's state stores this pickle twice (inputs and outputs) and the engine
    re-encodes the whole state after each step: an attribute set on the instance, or a
    class pickled by value, would grow every resource (and could carry settings)."""
    pickled = base64.b64decode(serialize_provider(provider_class()))
    ops = list(pickletools.genops(pickled))
    # The class by module and name, called with no arguments: no state, no class body.
    assert [op.name for op, _arg, _pos in ops if op.name not in ("FRAME", "MEMOIZE")] == [
        "PROTO",
        "SHORT_BINUNICODE",
        "SHORT_BINUNICODE",
        "STACK_GLOBAL",
        "EMPTY_TUPLE",
        "NEWOBJ",
        "STOP",
    ]
    strings = [arg for _op, arg, _pos in ops if isinstance(arg, str)]
    assert strings == [provider_class.__module__, provider_class.__qualname__]


def test_every_call_hands_the_lifecycle_whole_numbers_as_ints() -> None:
    engine = as_the_engine_sends(AS_WRITTEN)
    assert exactly(engine) != exactly(AS_WRITTEN)
    provider = ApiResourceProvider()
    recorder = provider._lifecycle = RecordingLifecycle()  # type: ignore[assignment]
    provider.check(engine, engine)
    provider.diff("x1", engine, engine)
    provider.create(engine)
    provider.read("x1", engine)
    provider.update("x1", engine, engine)
    provider.delete("x1", engine)
    assert [exactly(props) for props in recorder.handed] == [exactly(AS_WRITTEN)] * 9


def test_a_rolling_replacement_sends_the_engines_whole_minutes_as_ints() -> None:
    server = FakeCurrentApi(FakeTime())
    old, new = server.add_artifact("a", "locked"), server.add_artifact("a", "locked")
    workload_id = server.add_workload(old)
    provider = WorkloadProvider()
    provider._lifecycle = WorkloadLifecycle(api=server.api())
    checked = provider.check({}, {"name": "w", "artifact_id": old}).inputs
    olds = as_the_engine_sends({**checked, "api_dialect": "current"})
    news = {**olds, "artifact_id": new, "rollout_warmup_minutes": 5.0}
    news["rollout_keep_old_minutes"] = 0.5
    state = provider.update(workload_id, olds, news).outs
    assert state["artifact_id"] == new
    posted = server.bodies[server.requests.index(f"POST workloads/{workload_id}/replacement")]
    assert exactly(posted["config"]) == exactly(
        {"warmupDurationMinutes": 5, "keepOldVersionMinutes": 0.5}
    )


VALID_SPEC = {
    "container_groups": [{"containers": [{"name": "app", "image_uri": "img:1", "port": 8080}]}]
}
# Inputs each check passes, so a failure is the token's alone.
VALID = {kind: props for kind, (_cls, props) in CREATES.items()}
VALID["artifact"] = {"name": "web", "spec": VALID_SPEC}


def _configured(kind: str, config: dict[str, str]) -> ApiResourceProvider:
    """A provider configured as the dynamic provider host configures it."""
    provider = CREATES[kind][0]()
    provider.configure(ConfigureRequest(Config(config, "e2e")))
    return provider


@pytest.fixture
def no_token_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """No token in the environment, and no API client made: a check calls nothing."""
    monkeypatch.delenv(TOKEN_ENV, raising=False)

    def no_client(*_args: Any) -> Any:
        raise AssertionError("a check made an API client")

    monkeypatch.setattr(core, "client_for", no_client)


@pytest.mark.usefixtures("no_token_anywhere")
@pytest.mark.parametrize("kind", list(CREATES))
def test_a_check_without_a_configured_token_says_where_to_set_one(kind: str) -> None:
    """A preview must not plan what `up` cannot carry out; the engine reports a failure
    without a property against the resource."""
    props = VALID[kind]
    failures = _configured(kind, {}).check({}, props).failures
    assert [(f.property, f.reason) for f in failures] == [("", NO_TOKEN)]
    assert TOKEN_CONFIG_KEY in NO_TOKEN and TOKEN_ENV in NO_TOKEN
    # The same inputs with a token, from the stack config or the environment, pass.
    assert _configured(kind, {TOKEN_CONFIG_KEY: "t"}).check({}, props).failures == []
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TOKEN_ENV, "t")
        assert _configured(kind, {}).check({}, props).failures == []


@pytest.mark.usefixtures("no_token_anywhere")
@pytest.mark.parametrize("kind", list(CREATES))
def test_refresh_and_destroy_without_a_token_say_the_same(kind: str) -> None:
    """They make no check: their first API call says it, before any request."""
    provider, props = _configured(kind, {}), VALID[kind]
    for call in (lambda: provider.read("x1", props), lambda: provider.delete("x1", props)):
        with pytest.raises(ProviderError) as failed:
            call()
        assert str(failed.value) == NO_TOKEN


@pytest.mark.usefixtures("no_token_anywhere")
@pytest.mark.parametrize("kind", list(CREATES))
@pytest.mark.parametrize(
    "endpoint", ["127.0.0.1:8080/api/v2", "htp://api.local/api/v2", "https:///api/v2"]
)
def test_an_endpoint_that_is_not_an_http_url_fails_the_check(kind: str, endpoint: str) -> None:
    """Known without a call, like a missing token: a preview says it, naming the value and
    where it comes from, rather than planning what every `up` call would fail on."""
    config = {TOKEN_CONFIG_KEY: "t", ENDPOINT_CONFIG_KEY: endpoint}
    failures = _configured(kind, config).check({}, VALID[kind]).failures
    assert [f.property for f in failures] == [""]
    reason = failures[0].reason
    assert repr(endpoint) in reason
    assert ENDPOINT_CONFIG_KEY in reason and ENDPOINT_ENV in reason and "https://" in reason
    # Refresh and destroy make no check: their first API call says the same.
    with pytest.raises(ProviderError) as failed:
        _configured(kind, config).read("x1", VALID[kind])
    assert str(failed.value) == reason


@pytest.mark.usefixtures("no_token_anywhere")
def test_an_invalid_input_is_still_named_when_the_token_is_missing_too() -> None:
    container = {**VALID_SPEC["container_groups"][0]["containers"][0], "port": 80}
    spec = {"container_groups": [{"containers": [container]}]}
    failures = _configured("artifact", {}).check({}, {"name": "web", "spec": spec}).failures
    assert [(f.property, f.reason) for f in failures] == [
        (
            "spec.container_groups[0].containers[0].port",
            "Input should be greater than or equal to 1024",
        ),
        ("", NO_TOKEN),
    ]


@pytest.mark.usefixtures("no_token_anywhere")
@pytest.mark.parametrize("kind", list(CREATES))
def test_an_unconfigured_provider_checks_without_a_token_and_says_it_at_the_first_call(
    kind: str,
) -> None:
    """Tests and tools build providers without `configure`: their check is the inputs'
    alone, and the environment is read when the API is first needed."""
    provider, props = CREATES[kind][0](), VALID[kind]
    assert provider.check({}, props).failures == []
    with pytest.raises(ProviderError) as failed:
        provider.create(props)
    assert str(failed.value) == NO_TOKEN


def test_a_refresh_leaves_the_read_inputs_or_on_an_older_sdk_the_old_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The installed SDK's `ReadResult` takes the refreshed inputs; one that takes only an
    ID and outputs (an older Pulumi SDK) still gets a refresh, without the inputs."""
    from datarobot_workloads_provider import base

    state = {"name": "svc", "status": "running", "replicas": 2}
    inputs = {"name": "svc", "replicas": 2}
    result = base._read_result("w-1", state, inputs)
    assert (result.id, result.outs, result.inputs) == ("w-1", state, inputs)
    # Nothing read back as inputs: the engine keeps the old ones.
    assert base._read_result("w-1", state, {}).inputs is None

    class OlderReadResult:
        def __init__(self, id_: str, outs: dict[str, Any]) -> None:
            self.id, self.outs = id_, outs

    monkeypatch.setattr(base, "ReadResult", OlderReadResult)
    older: Any = base._read_result("w-1", state, inputs)
    assert isinstance(older, OlderReadResult)
    assert (older.id, older.outs) == ("w-1", state)
