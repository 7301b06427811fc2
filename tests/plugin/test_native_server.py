"""The gRPC servicer of the plugin, without the engine: what reaches the wire."""

from __future__ import annotations

import asyncio
from typing import Any

from datarobot_workloads_provider.native.server import CleanErrorServicer
from datarobot_workloads_provider.native.wire import map_from_plain
from pulumi.provider.experimental.provider import ReadRequest, ReadResponse
from pulumi.runtime.proto import provider_pb2

URN = "urn:pulumi:dev::shop::datarobot-workloads:index:Artifact::adopted"


class _Found:
    """Answers a read as WorkloadsProvider does: gone (no ID), or found."""

    def __init__(self, found: bool) -> None:
        self.found = found

    async def read(self, request: ReadRequest) -> ReadResponse:
        if not self.found:
            return ReadResponse(resource_id=None, properties={}, inputs={})
        props = map_from_plain({"name": "adopted"})
        return ReadResponse(resource_id=request.resource_id, properties=props, inputs=props)


def _read(found: bool) -> Any:
    servicer = CleanErrorServicer([], "0", _Found(found), "127.0.0.1:0")  # type: ignore[arg-type]
    request = provider_pb2.ReadRequest(id="a1", urn=URN)
    return asyncio.run(servicer.Read(request, None))


def test_a_read_of_a_gone_object_answers_no_properties() -> None:
    """The engine fails `pulumi import` of an unknown ID ("does not exist") only when the
    answer has no properties; an empty map would record an empty resource under it."""
    gone = _read(found=False)
    assert gone.id == ""
    assert not gone.HasField("properties") and not gone.HasField("inputs")
    found = _read(found=True)
    assert found.id == "a1" and found.HasField("properties")
    assert found.properties["name"] == "adopted"
