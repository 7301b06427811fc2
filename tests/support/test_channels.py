"""An inline program's channel to a new engine connects although a channel to an earlier
engine on the same port is still alive and in reconnect back-off (see `channels`)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import resource_pb2, resource_pb2_grpc
from pulumi.runtime.settings import Settings

from tests.support.channels import LOCAL_POOL, own_connections_per_channel

FEATURE = resource_pb2.SupportsFeatureRequest(id="secrets")


class Monitor(resource_pb2_grpc.ResourceMonitorServicer):
    """Just enough of an engine's resource monitor to answer a first call."""

    def SupportsFeature(
        self, request: resource_pb2.SupportsFeatureRequest, context: grpc.ServicerContext
    ) -> resource_pb2.SupportsFeatureResponse:
        return resource_pb2.SupportsFeatureResponse(hasSupport=True)


def serve(address: str) -> grpc.Server:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(Monitor(), server)
    server.add_insecure_port(address)
    server.start()
    return server


@pytest.fixture
def reused_address() -> Iterator[str]:
    """An address whose first engine ended while a channel to it stayed alive and tried
    to reach it; a second engine now listens there, as a later command's engine would."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    first = serve(address)
    earlier = grpc.insecure_channel(address, options=_without_local_pool())
    monitor = resource_pb2_grpc.ResourceMonitorStub(earlier)
    assert monitor.SupportsFeature(FEATURE, timeout=10).hasSupport
    first.stop(0).wait()
    with pytest.raises(grpc.RpcError):
        monitor.SupportsFeature(FEATURE, timeout=2)
    second = serve(address)
    try:
        yield address
    finally:
        second.stop(0)
        earlier.close()


def test_without_own_connections_a_new_channel_inherits_the_back_off(reused_address: str) -> None:
    """The failure seen under load, reproduced: the engine listens, the call is refused."""
    channel = grpc.insecure_channel(reused_address, options=_without_local_pool())
    with pytest.raises(grpc.RpcError) as refused:
        resource_pb2_grpc.ResourceMonitorStub(channel).SupportsFeature(FEATURE, timeout=5)
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
    assert "Connection refused" in (refused.value.details() or "")  # type: ignore[attr-defined]
    channel.close()


def test_the_sdks_channels_connect_to_the_new_engine(reused_address: str) -> None:
    own_connections_per_channel()
    settings = Settings(project="p", stack="s", monitor=reused_address)
    assert settings.monitor is not None
    assert settings.monitor.SupportsFeature(FEATURE, timeout=5).hasSupport


def _without_local_pool() -> list[tuple[str, object]]:
    return [option for option in _GRPC_CHANNEL_OPTIONS if option != LOCAL_POOL]
