"""The lookups' client follows the running program's stack config, not the first one seen."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_datarobot_workloads import lookups


class _Config:
    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


def _use(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    monkeypatch.setattr(lookups.pulumi, "Config", lambda _namespace: _Config(values))


def test_each_program_gets_the_client_of_its_own_endpoint_and_dialect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two inline programs in one process: an older-dialect stack, then a current one.
    _use(monkeypatch, endpoint="http://one.test/api/v2", apikey="t1")
    first: Any = lookups._api()
    _use(monkeypatch, endpoint="http://two.test/api/v2", apikey="t2", dialect="current")
    second: Any = lookups._api()
    assert first is not second
    assert (first.dialect, second.dialect) == ("older", "current")
    assert first.settings.endpoint == "http://one.test/api/v2"
    assert second.settings.endpoint == "http://two.test/api/v2"
    # The same settings again share their client (one connection pool per endpoint).
    assert lookups._api() is second
