"""A real API client against a scripted server, in fake time, for client tests.

Time passes only when the code under test sleeps, so a test of retries and outage
ride-outs runs in no time and can assert exactly how long was waited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from datarobot_workloads_provider.client import ApiSettings, WorkloadApi
from datarobot_workloads_provider.client.transport import Transport

ENDPOINT = "http://api.test/api/v2"


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def fake_api(
    handler: Callable[[httpx.Request], httpx.Response], fake: FakeTime, **settings: Any
) -> WorkloadApi:
    """A `WorkloadApi` whose every request `handler` answers; `settings` override the
    defaults (token "t")."""
    options: dict[str, Any] = {"token": "t", **settings}
    config = ApiSettings(endpoint=ENDPOINT, **options)
    client = httpx.Client(base_url=ENDPOINT + "/", transport=httpx.MockTransport(handler))
    transport = Transport(config, sleep=fake.sleep, client=client, clock=fake.clock)
    return WorkloadApi(config, transport=transport)
