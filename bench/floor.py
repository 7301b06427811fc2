"""The engine floor: a dynamic resource that does nothing and imports nothing of ours.

`pulumi_datarobot_workloads.diagnostics.Noop` does nothing too, but importing it runs the
SDK package's `__init__`, which imports every resource and through them the provider, httpx
and pydantic. Its "floor" would therefore already contain the provider's import cost, one
of the very costs this benchmark must show. This module imports only `pulumi`, so K of
these measure the engine and the dynamic provider host and nothing else; the SDK's Noop
stays available as `--floor sdk` to show the difference.

The provider is pickled by reference (`bench.floor.FloorProvider`), so the provider process
must be able to import `bench`: the engine environment puts the repository on PYTHONPATH.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
import pulumi.dynamic

__all__ = ["FloorNoop", "FloorProvider"]


class FloorProvider(pulumi.dynamic.ResourceProvider):
    """Same behaviour as the SDK's NoopProvider: echo `value`, update in place on change."""

    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        return pulumi.dynamic.CreateResult(id_=f"floor-{uuid.uuid4().hex[:12]}", outs=dict(props))

    def diff(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> pulumi.dynamic.DiffResult:
        changed = olds.get("value") != news.get("value")
        return pulumi.dynamic.DiffResult(
            changes=changed, replaces=[], stables=[], delete_before_replace=False
        )

    def update(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> pulumi.dynamic.UpdateResult:
        return pulumi.dynamic.UpdateResult(outs=dict(news))

    def read(self, id_: str, props: dict[str, Any]) -> pulumi.dynamic.ReadResult:
        return pulumi.dynamic.ReadResult(id_=id_, outs=dict(props))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing to remove."""


class FloorNoop(pulumi.dynamic.Resource, module="bench", name="Noop"):
    """`dynamic/bench:Noop`, whose only property is `value`."""

    value: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        value: pulumi.Input[str] = "x",
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(FloorProvider(), resource_name, {"value": value}, opts)
