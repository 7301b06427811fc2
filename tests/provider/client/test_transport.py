"""The request loop: which failures are retried, how long it waits, what it never repeats."""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable

import httpx
import pytest
from datarobot_workloads_provider.client import ApiSettings, NotFoundError, WorkloadApi
from datarobot_workloads_provider.client.errors import ValidationError
from datarobot_workloads_provider.client.transport import (
    OutcomeUnknownError,
    Transport,
    tls_context_for,
)

from tests.support.fake_api import FakeTime, fake_api

SECRET = "s3cr3t-token-value"


def make(handler: Callable[[httpx.Request], httpx.Response]) -> tuple[WorkloadApi, list[float]]:
    fake = FakeTime()
    return fake_api(handler, fake, token=SECRET, max_retries=4), fake.sleeps


def two_pages(next_url: str) -> dict[str | None, dict[str, object]]:
    """A listing of two one-item pages by `offset`; the first links to `next_url`."""
    return {
        None: {"count": 1, "next": next_url, "previous": None, "data": [artifact("a" * 24)]},
        "1": {"count": 1, "next": None, "previous": None, "data": [artifact("b" * 24)]},
    }


def artifact(id_: str = "a" * 24, name: str = "x") -> dict[str, object]:
    return {"id": id_, "name": name, "status": "draft", "createdAt": "2099-01-01T00:00:00.000Z"}


def test_get_is_retried_on_5xx_and_honors_retry_after() -> None:
    answers = [
        httpx.Response(503, json={"message": "busy"}),
        httpx.Response(429, headers={"Retry-After": "2"}, json={"message": "slow down"}),
        httpx.Response(200, json=artifact()),
    ]
    api, sleeps = make(lambda request: answers.pop(0))
    assert api.get_artifact("a" * 24).name == "x"
    assert len(sleeps) == 2
    assert sleeps[1] == 2.0
    assert 0 < sleeps[0] <= 0.25


def test_bearer_token_is_sent_but_never_in_errors() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        if request.url.path.endswith("/artifacts/"):  # the collection answers: it is gone
            return httpx.Response(200, json={"count": 0, "next": None, "data": []})
        return httpx.Response(404, json={"message": "artifact not found"})

    api, _ = make(handler)
    with pytest.raises(NotFoundError) as info:
        api.get_artifact("b" * 24)
    assert seen == [f"Bearer {SECRET}"] * 2
    assert "artifact not found" in str(info.value)
    assert SECRET not in str(info.value)
    assert SECRET not in repr(api.settings)


def test_validation_errors_carry_field_paths() -> None:
    body = {"message": "invalid", "errors": {"spec.containerGroups.0.containers.0.port": "too low"}}
    api, _ = make(lambda request: httpx.Response(422, json=body))
    with pytest.raises(ValidationError) as info:
        api.create_artifact({"name": "x", "spec": {}})
    assert info.value.field_errors == body["errors"]
    assert "spec.containerGroups.0.containers.0.port" in str(info.value)


def test_post_is_not_repeated_blindly_after_a_5xx() -> None:
    """The POST committed but answered 502: the client finds the object instead of re-posting."""
    posts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal posts
        if request.method == "POST":
            posts += 1
            return httpx.Response(502, json={"message": "bad gateway"})
        assert request.url.params["search"] == "x"
        return httpx.Response(
            200,
            json={
                "count": 1,
                "next": None,
                "previous": None,
                "data": [artifact(name="x")],
                "totalCount": 1,
            },
        )

    api, _ = make(handler)
    created = api.create_artifact({"name": "x", "spec": {}})
    assert created.id == "a" * 24
    assert posts == 1


def test_post_is_repeated_when_nothing_was_created() -> None:
    answers = [
        httpx.Response(500, json={"message": "oops"}),
        httpx.Response(200, json={"count": 0, "next": None, "previous": None, "data": []}),
        httpx.Response(201, json=artifact()),
    ]
    methods: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        methods.append(request.method)
        return answers.pop(0)

    api, _ = make(handler)
    assert api.create_artifact({"name": "x", "spec": {}}).id == "a" * 24
    assert methods == ["POST", "GET", "POST"]


def test_dropped_post_connection_is_an_unknown_outcome() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection reset")

    settings = ApiSettings(endpoint="http://api.test/api/v2", token=SECRET)
    client = httpx.Client(base_url=settings.endpoint + "/", transport=httpx.MockTransport(handler))
    transport = Transport(settings, sleep=lambda s: None, client=client)
    with pytest.raises(OutcomeUnknownError):
        transport.request("POST", "registry/artifacts/", json={})


def test_a_lost_create_answer_that_cannot_be_checked_stays_an_unknown_outcome() -> None:
    """The POST's answer is lost, then the server is gone: the look for the object fails."""
    methods: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        methods.append(request.method)
        if request.method == "POST":
            return httpx.Response(502, json={"message": "bad gateway"})
        raise httpx.ConnectError("connection refused")

    fake = FakeTime()
    api = fake_api(handler, fake, token=SECRET, max_retries=4)
    with pytest.raises(OutcomeUnknownError) as info:
        api.create_artifact({"name": "x", "spec": {}})
    assert methods[0] == "POST" and "POST" not in methods[1:]
    # The look rode out the outage for as long as the settings say, no longer.
    assert api.settings.outage_seconds <= fake.now < api.settings.outage_seconds + 61
    assert "bad gateway" in str(info.value)
    assert "whether it was created could not be checked" in str(info.value)
    assert "cannot connect" in str(info.value)


def test_delete_retried_after_drop_treats_404_as_done() -> None:
    answers: list[httpx.Response | Exception] = [
        httpx.ReadError("dropped"),
        httpx.Response(404, json={"message": "gone"}),
        # The collection still lists: the 404 was the object's absence.
        httpx.Response(200, json={"count": 0, "next": None, "data": []}),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    api, _ = make(handler)
    api.delete_artifact("a" * 24)
    assert answers == []


def test_pagination_follows_next_links() -> None:
    pages = two_pages("http://api.test/api/v2/registry/artifacts/?offset=1&limit=1")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(pages[request.url.params.get("offset")]))

    api, _ = make(handler)
    assert [a.id for a in api.list_artifacts()] == ["a" * 24, "b" * 24]


def test_a_next_link_naming_another_host_is_followed_on_the_endpoint_only() -> None:
    pages = two_pages("http://elsewhere.test:9999/api/v2/registry/artifacts/?offset=1&limit=1")
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers["Authorization"]))
        return httpx.Response(200, content=json.dumps(pages[request.url.params.get("offset")]))

    api, _ = make(handler)
    assert [a.id for a in api.list_artifacts()] == ["a" * 24, "b" * 24]
    assert seen[1][0] == "http://api.test/api/v2/registry/artifacts/?offset=1&limit=1"
    assert all(url.startswith("http://api.test/") for url, _ in seen)


@pytest.mark.parametrize(
    ("endpoint", "verifies_with_defaults"),
    [("https://app.datarobot.com/api/v2", True), ("http://127.0.0.1:8080/api/v2", False)],
)
def test_plain_http_endpoints_skip_the_ca_bundle_but_never_trust_tls(
    endpoint: str, verifies_with_defaults: bool
) -> None:
    context = tls_context_for(endpoint)
    if verifies_with_defaults:
        assert context is True
    else:
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
        assert context.cert_store_stats()["x509_ca"] == 0
