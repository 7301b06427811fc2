"""How `Workload(artifact=...)` reads each kind of artifact it accepts, under Pulumi's mocks
(no engine): one of this stack's `Artifact`s, a looked-up `ArtifactInfo`, or an Output
of one (another stack's, through a StackReference)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest
from datarobot_workloads_provider.lookups import ArtifactInfo

from tests.support.pulumi_mocks import EchoMocks, mocked_runtime


class _Mocks(EchoMocks):
    def outputs(self, args: pulumi.runtime.MockResourceArgs) -> dict[str, Any]:
        outputs = dict(args.inputs)
        if args.typ.endswith("Artifact"):
            outputs.update(status="registered", spec_revision="rev-1", spec={})
        return outputs


@pytest.fixture(autouse=True)
def mocks() -> Iterator[None]:
    with mocked_runtime(_Mocks()):
        yield


INFO = ArtifactInfo(
    id="looked-up", name="a", status="registered", version=3, type="service",
    description=None, spec=None, created_at=None, registered_at=None,
)  # fmt: skip


def _artifact_fields(workload: Any) -> pulumi.Output[list[Any]]:
    return pulumi.Output.all(
        workload.artifact_id, workload.artifact_status, workload.artifact_revision
    )


def _expect(*expected: Any) -> Callable[[list[Any]], None]:
    def check(got: list[Any]) -> None:
        assert got == list(expected)

    return check


@pulumi.runtime.test
def test_a_looked_up_artifact_gives_its_id_and_status() -> pulumi.Output[None]:
    import pulumi_datarobot_workloads as dr

    workload = dr.Workload("w", artifact=INFO, runtime={"replica_count": 1})
    # A looked-up artifact's revision is not known to this stack: none is declared.
    return _artifact_fields(workload).apply(_expect("looked-up", "registered", None))


@pulumi.runtime.test
def test_an_output_of_a_looked_up_artifact_gives_the_same_later() -> pulumi.Output[None]:
    import pulumi_datarobot_workloads as dr

    workload = dr.Workload("w", artifact=pulumi.Output.from_input(INFO), runtime={})
    # A looked-up artifact's revision is not known to this stack: none is declared.
    return _artifact_fields(workload).apply(_expect("looked-up", "registered", None))


@pulumi.runtime.test
def test_an_artifact_of_this_stack_gives_its_id_status_and_revision() -> pulumi.Output[None]:
    import pulumi_datarobot_workloads as dr

    artifact = dr.Artifact("a", spec={"container_groups": []})
    workload = dr.Workload("w", artifact=artifact, runtime={})
    return _artifact_fields(workload).apply(_expect("a-id", "registered", "rev-1"))
