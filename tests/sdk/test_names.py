"""The API names the SDK derives, under Pulumi's mocks (no engine): under a parent, from
the parent's URN, so one resource name under components of different types gives two
names, as the plugin derives them from the resources' own URNs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from datarobot_workloads_provider.native.provider import default_api_name

SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1"}]}]}


class _Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"{args.name}-id", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any]]:
        return {}, []


@pytest.fixture(autouse=True)
def mocks() -> Iterator[None]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_mocks(_Mocks(), project="shop", stack="dev", preview=False)
    yield
    pulumi.runtime.settings.reset_options(
        project="project", stack="stack", root_directory="root_directory"
    )
    asyncio.set_event_loop(None)
    loop.close()


class Frontend(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("acme:web:Frontend", name, None, None)


class Backend(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("acme:web:Backend", name, None, None)


def _urn(qualified: str) -> str:
    return f"urn:pulumi:dev::shop::{qualified}::app"


@pulumi.runtime.test
def test_one_name_under_two_component_types_gives_two_names() -> pulumi.Output[None]:
    import pulumi_datarobot_workloads as dr

    dynamic = "pulumi-python:dynamic/datarobot-workloads:Artifact"
    top = dr.Artifact("app", spec=SPEC)
    front = dr.Artifact("app", spec=SPEC, opts=pulumi.ResourceOptions(parent=Frontend("f")))
    back = dr.Artifact("app", spec=SPEC, opts=pulumi.ResourceOptions(parent=Backend("b")))

    def check(names: list[str]) -> None:
        assert names == [
            default_api_name(_urn("datarobot-workloads:index:Artifact"), "Artifact"),
            default_api_name(_urn(f"acme:web:Frontend${dynamic}"), "Artifact"),
            default_api_name(_urn(f"acme:web:Backend${dynamic}"), "Artifact"),
        ]
        assert len(set(names)) == 3

    return pulumi.Output.all(top.name, front.name, back.name).apply(check)
