"""Serves `WorkloadsProvider` over gRPC to the engine.

The SDK's servicer (`pulumi.provider.experimental.server`) does the protocol work. Two
things are changed. A read of an object that is gone answers no properties (not an
empty map), as the engine requires. And the servicer turns every exception into a
message with a Python traceback appended. Our lifecycle code raises `ProviderError` for
expected failures (an API refusal, a workload that errored, an unknown ID) whose message
already says what went wrong and what to do, so those reach the user as they are, the
way the dynamic provider host shows them; anything else keeps its traceback, because
that is a bug to report.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from ..base import ProviderError
from ..client.errors import ApiError
from ..fast_exit import exit_without_teardown
from ..lookups import LookupArgumentError, LookupFailed
from .package_schema import VERSION
from .provider import LookupUnavailable, UnknownResourceType, WorkloadsProvider

EXPECTED = (
    ProviderError,
    UnknownResourceType,
    ApiError,
    LookupFailed,
    LookupArgumentError,
    LookupUnavailable,
)


def _expected_cause(error: BaseException) -> BaseException | None:
    """The ProviderError behind the SDK's re-raised exception, if that is what it was."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, EXPECTED):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class CleanErrorServicer(ProviderServicer):
    """The SDK servicer, with expected failures reported without a traceback, and the
    provider's URN passed on from Configure (the SDK's request object drops it)."""

    def __init__(self, args: list[str], version: str, provider: WorkloadsProvider, engine: str):
        super().__init__(args, version, provider, engine)
        self._workloads = provider

    async def Configure(self, request: Any, context: Any) -> Any:
        self._workloads.urn = request.urn
        return await super().Configure(request, context)

    async def Invoke(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Invoke, request, context)

    async def _clean(
        self, call: Callable[[Any, Any], Awaitable[Any]], request: Any, context: Any
    ) -> Any:
        try:
            return await call(request, context)
        except Exception as error:
            cause = _expected_cause(error)
            if cause is None:
                raise
            await context.abort(grpc.StatusCode.UNKNOWN, str(cause))

    async def Check(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Check, request, context)

    async def Diff(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Diff, request, context)

    async def Create(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Create, request, context)

    async def Read(self, request: Any, context: Any) -> Any:
        response = await self._clean(super().Read, request, context)
        if not response.id:
            # Gone: no properties at all. The SDK sends an empty map, which the engine
            # takes for an object without properties, so `pulumi import` of an unknown ID
            # recorded an empty resource instead of failing "does not exist".
            response.ClearField("properties")
            response.ClearField("inputs")
        return response

    async def Update(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Update, request, context)

    async def Delete(self, request: Any, context: Any) -> Any:
        return await self._clean(super().Delete, request, context)


def serve(args: list[str]) -> None:
    """Start the gRPC server, print its port (the plugin handshake), serve until killed."""
    parser = argparse.ArgumentParser(description="datarobot-workloads resource provider")
    parser.add_argument("engine", help="the engine's gRPC address")
    known, _rest = parser.parse_known_args(args)
    # The engine stops this process at the end of every command and waits for it.
    exit_without_teardown()

    async def run() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = CleanErrorServicer(args, VERSION, WorkloadsProvider(), known.engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())
