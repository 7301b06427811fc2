"""A mistyped `datarobot:endpoint` (the server's root, without `/api/v2`) answers 404 for
everything. After an `up` with it, which the engine records as the provider's config, a
`refresh` must fail naming the endpoint, not take every object for deleted outside Pulumi:
the state keeps them, and the corrected endpoint plans no second copy."""

from __future__ import annotations

from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from pulumi_datarobot_workloads import Artifact, Workload

from tests.conftest import StackFactory
from tests.support.server import ServerControls

pytestmark = pytest.mark.e2e
NOT_SERVING = "does not serve the Workload API"


class Edge(pulumi.ComponentResource):
    """A service of a platform team: its artifact and workload, from one settings dict."""

    def __init__(self, name: str, settings: dict[str, Any]) -> None:
        super().__init__("edge:svc:Service", name, None, None)
        child = pulumi.ResourceOptions(parent=self)
        container = {"name": "main", "image_uri": settings["image"], "port": 8443}
        artifact = Artifact(
            name,
            status="registered",
            description=settings["note"],
            spec={"container_groups": [{"containers": [container]}]},
            opts=child,
        )
        Workload(name, artifact=artifact, runtime={"replica_count": 1}, opts=child)


def edge(note: str) -> Any:
    def program() -> None:
        Edge("Ledger-API-2", {"image": "registry.local/ledger:2.0", "note": note})

    return program


def test_refresh_through_a_wrong_endpoint_keeps_the_stack(
    make_stack: StackFactory, server: ServerControls
) -> None:
    stack = make_stack("wrong-endpoint")
    stack.up(edge("v1"))
    ids = sorted(stack.ids(":Artifact") + stack.ids(":Workload"))
    root = server.base_url.removesuffix("/api/v2")
    stack.stack.set_config("datarobot:endpoint", auto.ConfigValue(root))

    with pytest.raises(auto.CommandError, match=NOT_SERVING):
        stack.up(edge("v2"))
    with pytest.raises(auto.CommandError, match=NOT_SERVING):
        stack.refresh()
    assert sorted(stack.ids(":Artifact") + stack.ids(":Workload")) == ids

    stack.stack.set_config("datarobot:endpoint", auto.ConfigValue(server.base_url))
    # The artifact's new description, and no object made a second time.
    assert stack.preview(edge("v2")).summary == {"update": 1, "same": 3}
    live = server.api("GET", "registry/artifacts/", params={"search": "Ledger-API-2"}).json()
    assert [a["id"] for a in live["data"]] == stack.ids(":Artifact")
