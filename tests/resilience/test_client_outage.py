"""The client rides out a server restart, and still fails fast on a wrong endpoint.

Unit-level companion of test_server_crash.py (which shows the whole-system effect): the
transport's policy for refused connections, with a fake clock, in milliseconds.
"""

from __future__ import annotations

import httpx
import pytest
from datarobot_workloads_provider.client import ApiSettings, WorkloadApi
from datarobot_workloads_provider.client.errors import ConnectionFailedError

from tests.support.fake_api import FakeTime, fake_api

ARTIFACT = {"id": "a" * 24, "name": "x", "status": "draft"}


def make(answers: list[httpx.Response | None], fake: FakeTime) -> WorkloadApi:
    """A client whose server gives `answers` in order; None is a refused connection."""

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if answer is None:
            raise httpx.ConnectError("connection refused", request=request)
        return answer

    return fake_api(handler, fake, outage_seconds=120.0)


def test_a_restarting_server_is_waited_for() -> None:
    fake = FakeTime()
    # Answers once, then refuses connections for well over the ordinary 6 retries.
    refusals = 15
    answers = [httpx.Response(200, json=ARTIFACT), *([None] * refusals)]
    api = make([*answers, httpx.Response(200, json=ARTIFACT)], fake)
    assert api.get_artifact("a" * 24).id == "a" * 24
    assert api.get_artifact("a" * 24).id == "a" * 24
    assert len(fake.sleeps) == refusals
    assert 16 < fake.now < 120


def test_the_wait_is_bounded() -> None:
    fake = FakeTime()
    api = make([httpx.Response(200, json=ARTIFACT), *([None] * 100)], fake)
    api.get_artifact("a" * 24)
    with pytest.raises(ConnectionFailedError):
        api.get_artifact("a" * 24)
    assert 120 <= fake.now < 120 + 8.5


def test_an_endpoint_that_never_answered_fails_after_the_ordinary_retries() -> None:
    fake = FakeTime()
    api = make([None] * 100, fake)
    with pytest.raises(ConnectionFailedError, match="cannot connect"):
        api.get_artifact("a" * 24)
    assert len(fake.sleeps) == ApiSettings(endpoint="", token="").max_retries
    assert fake.now < 16
