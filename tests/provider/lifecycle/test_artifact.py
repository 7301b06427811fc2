"""Deleting an artifact that a workload still runs: the usual cause is another stack."""

from __future__ import annotations

import httpx
import pytest
from datarobot_workloads_provider.lifecycle.artifact import ArtifactLifecycle
from datarobot_workloads_provider.lifecycle.core import ProviderError

from tests.support.fake_api import FakeTime, fake_api

ID = "a" * 24


def test_an_artifact_in_use_names_itself_and_the_ways_out() -> None:
    """A stack's own workloads are deleted (or replaced) before its artifact, so an artifact
    still in use is almost always run by another stack, one that reads it through a
    StackReference: the message says so and what to do, with the artifact's name."""

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "DELETE"
        body = {"message": "The artifact is used by a workload; delete the workload first."}
        return httpx.Response(409, json=body)

    lifecycle = ArtifactLifecycle(api=fake_api(handler, FakeTime()))
    with pytest.raises(ProviderError) as info:
        lifecycle.delete(ID, {"name": "gateway-7b-2497733", "status": "registered"})
    message = str(info.value)
    assert "'gateway-7b-2497733'" in message and ID in message
    assert "another stack" in message
    assert "retain_on_delete" in message
    assert "delete the workload first" in message
