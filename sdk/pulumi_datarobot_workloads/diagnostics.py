"""A resource that does nothing, for checking and measuring the Pulumi machinery itself.

``Noop`` goes through the whole engine path of a real resource (program -> engine ->
dynamic provider process -> state) without any API call. That makes it the probe used by
``scripts/doctor``, the engine smoke tests and the benchmark's "engine floor": whatever a
stack of Noops costs is the fixed overhead every Workload API resource pays on top.

The provider is pickled *by reference* into every stack's state (module path + class name),
so this module path and the class name ``NoopProvider`` are public API: moving them breaks
existing stacks that contain a Noop.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
import pulumi.dynamic

__all__ = ["Noop", "NoopProvider"]


class NoopProvider(pulumi.dynamic.ResourceProvider):
    """Lifecycle of ``Noop``: every operation succeeds at once and only echoes ``value``.

    Diff reports a change of ``value`` as an in-place update (never a replacement), so a
    config change exercises the engine's update path, and an unchanged program previews as
    "no changes".
    """

    # Nothing secret is captured by this provider; keeping the serialized provider in plain
    # text keeps the state small and readable when debugging the engine.
    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        """Invent an ID; outputs are the inputs."""
        return pulumi.dynamic.CreateResult(id_=f"noop-{uuid.uuid4().hex[:12]}", outs=dict(props))

    def diff(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> pulumi.dynamic.DiffResult:
        """Only ``value`` matters; a different value is an in-place update."""
        changed = olds.get("value") != news.get("value")
        return pulumi.dynamic.DiffResult(
            changes=changed, replaces=[], stables=[], delete_before_replace=False
        )

    def update(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any]
    ) -> pulumi.dynamic.UpdateResult:
        """Accept the new inputs as the new outputs."""
        return pulumi.dynamic.UpdateResult(outs=dict(news))

    def read(self, id_: str, props: dict[str, Any]) -> pulumi.dynamic.ReadResult:
        """``pulumi refresh``: there is nothing remote, so the state is the truth."""
        return pulumi.dynamic.ReadResult(id_=id_, outs=dict(props))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing to remove."""


class Noop(pulumi.dynamic.Resource, module="diagnostics", name="Noop"):
    """A resource of type ``dynamic/diagnostics:Noop`` whose only property is ``value``.

    The distinct type token keeps probes apart from real resources in state and in
    ``pulumi stack`` listings.
    """

    value: pulumi.Output[str]
    """The input, echoed back after create/update."""

    def __init__(
        self,
        resource_name: str,
        value: pulumi.Input[str] = "x",
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(NoopProvider(), resource_name, {"value": value}, opts)
