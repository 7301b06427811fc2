"""A secret in an input (an environment variable's value) stays a secret in the state."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pytest
from pulumi_datarobot_workloads import Artifact

from tests.conftest import StackFactory
from tests.e2e.programs import spec
from tests.support.server import TOKEN, ServerControls

pytestmark = pytest.mark.e2e
SECRET_VALUE = "pa55-w0rd-never-in-state-7f3c"
SECRET_SIG = "4dabf18193072939515e22adb298388d"


def test_secret_environment_value_is_encrypted_in_state(
    make_stack: StackFactory, server: ServerControls
) -> None:
    def program() -> None:
        body = spec()
        body["container_groups"][0]["containers"][0]["environment_vars"] = [
            {"name": "DB_PASSWORD", "value": pulumi.Output.secret(SECRET_VALUE)}
        ]
        artifact = Artifact("secretive", name="secretive", spec=body)
        pulumi.export("artifact_id", artifact.id)

    stack = make_stack("secrets")
    up = stack.up(program)
    # The state on disk holds it only encrypted (export_stack shows secrets decrypted).
    backend = Path(stack.stack.workspace.env_vars["PULUMI_BACKEND_URL"].removeprefix("file://"))
    state_files = [p for p in backend.rglob("*") if p.is_file()]
    assert state_files
    assert not [p for p in state_files if SECRET_VALUE.encode() in p.read_bytes()]
    # Nor the API token of the stack's secret config (the engine records it encrypted).
    assert not [p for p in state_files if TOKEN.encode() in p.read_bytes()]
    outputs = next(r["outputs"] for r in stack.state_resources() if r["type"].endswith(":Artifact"))
    assert SECRET_SIG in json.dumps(outputs["spec"]), "spec must be marked secret"
    # The API got the real value: it is the container's environment.
    live = server.api("GET", f"registry/artifacts/{up.outputs['artifact_id']}/").json()
    env = live["spec"]["containerGroups"][0]["containers"][0]["environmentVars"]
    assert env == [{"name": "DB_PASSWORD", "value": SECRET_VALUE}]
    assert stack.preview(program).changed() == {}
