"""Pulumi's mocked runtime for the SDK's tests that need no engine: resources answer
their own inputs (a subclass adds outputs), and each test runs on an event loop of its
own, the runtime's settings put back afterwards for the tests that follow in the process.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pulumi


class EchoMocks(pulumi.runtime.Mocks):
    """A resource's outputs are its inputs; calls answer nothing."""

    def outputs(self, args: pulumi.runtime.MockResourceArgs) -> dict[str, Any]:
        return dict(args.inputs)

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", self.outputs(args)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


@contextmanager
def mocked_runtime(mocks: pulumi.runtime.Mocks, **settings: Any) -> Iterator[None]:
    """`settings` are `set_mocks`'s (project, stack, preview). The mocked runtime runs on
    the current event loop, which a test run before (`asyncio.run`) may have left unset."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_mocks(mocks, **{"preview": False, **settings})
    try:
        yield
    finally:
        pulumi.runtime.settings.reset_options(
            project="project", stack="stack", root_directory="root_directory"
        )
        asyncio.set_event_loop(None)
        loop.close()
