"""The API names the SDK derives, under Pulumi's mocks (no engine): under a parent, from
the parent's URN, so one resource name under components of different types gives two
names, as the plugin derives them from the resources' own URNs."""

from __future__ import annotations

from collections.abc import Iterator

import pulumi
import pytest
from datarobot_workloads_provider.native.provider import default_api_name

from tests.support.pulumi_mocks import EchoMocks, mocked_runtime

SPEC = {"container_groups": [{"containers": [{"name": "app", "image_uri": "img:1"}]}]}


@pytest.fixture(autouse=True)
def mocks() -> Iterator[None]:
    with mocked_runtime(EchoMocks(), project="shop", stack="dev"):
        yield


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
