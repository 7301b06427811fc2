"""Environment promotion, end to end: examples/promotion's dev and prod stacks, as its README.

One test walks the whole flow a team follows, on the real engine, the example's own program
(run by our language host from a copy of the folder) and the local server: iterate in dev,
register, promote to prod, change the registered artifact in dev, promote the new version,
roll prod back, tear down. At every step it asserts the planned operation of each resource
in each stack's preview, and it proves with the API (live objects, invoke answers) that
prod changes only when prod's configuration does.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pulumi import automation as auto

from tests.e2e.promotion_support import (
    EXAMPLE,
    ProjectStack,
    copy_example,
    in_parallel,
    invoke,
    live,
    tree_digest,
)
from tests.support.engine import engine_env
from tests.support.server import TOKEN, ServerControls

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
ARTIFACTS = "registry/artifacts"
WORKLOADS = "console/workloads"
DEPLOYMENTS = "console/deployments"
IMAGE = "registry.example.com/churn-model"
SAME = "same"


def refused(stack: ProjectStack) -> str:
    """The error of a preview that must fail (the engine's whole message)."""
    with pytest.raises(auto.CommandError) as info:
        stack.preview()
    return str(info.value)


def assert_guard_refused(message: str, artifact_id: str) -> None:
    """The guard's refusal names the artifact, its status, and the setting that refuses it."""
    assert f"artifact {artifact_id} is draft" in message
    assert "requires registered artifacts" in message
    assert "require_registered_artifact=True" in message


def test_committed_stack_files_hold_no_secrets_or_machine_state() -> None:
    """Anyone can clone the example: the token is set per machine, never committed."""
    for stack in ("dev", "prod"):
        text = (EXAMPLE / f"Pulumi.{stack}.yaml").read_text(encoding="utf-8")
        assert "secure:" not in text
        assert "encryptionsalt" not in text
        assert re.search(r"^\s*datarobot:apikey:", text, re.MULTILINE) is None
        assert "datarobot:endpoint: http://127.0.0.1:18080/api/v2" in text


def test_promotion_flow(
    engine_bin: Path, api_server: ServerHandle, server: ServerControls, tmp_path: Path
) -> None:
    example_before = tree_digest(EXAMPLE)
    project = copy_example(tmp_path / "promotion")
    env = engine_env(tmp_path / "engine")  # one file backend for both stacks
    dev = ProjectStack(project, "dev", env)
    prod = ProjectStack(project, "prod", env)
    for stack in (dev, prod):
        stack.set("datarobot:endpoint", api_server.base_url)
        stack.set("datarobot:apikey", TOKEN, secret=True)
    torn_down = False
    try:
        # 1. Dev creates a draft and runs it; dev deploys nothing until it registers. Prod
        #    cannot run yet: its lookup of the version it names fails its preview.
        dev_plan, message = in_parallel(dev.preview, lambda: refused(prod))
        assert dev_plan == {"Artifact": "create", "Workload": "create"}
        assert "no artifact named 'churn-model' at version 1" in message
        out = dev.up()
        draft_id, dev_workload = out["artifactId"], out["workloadId"]
        assert (out["artifactStatus"], out.get("artifactVersion")) == ("draft", None)
        assert "invokeUrl" not in out
        echo = server.api("POST", f"endpoints/workloads/{dev_workload}/predict", json={}).json()
        assert echo["imageUri"] == f"{IMAGE}:1.0.0-rc.1"

        # 2. The guard: prod requires registered artifacts, so running dev's draft (its ID
        #    read from dev's outputs) is refused at preview, naming the artifact and why,
        #    before any write. Meanwhile dev iterates on its draft: the artifact updates in
        #    place, the workload restarts onto it.
        prod.unset("artifactVersion")
        prod.set("artifactId", draft_id)
        dev.set("image", f"{IMAGE}:1.0.0")
        server.clear_requests()
        message, dev_plan = in_parallel(lambda: refused(prod), dev.preview)
        assert_guard_refused(message, draft_id)
        assert server.writes() == 0
        assert dev_plan == {"Artifact": "update", "Workload": "update"}
        out = dev.up()
        assert (out["artifactId"], out["workloadId"]) == (draft_id, dev_workload)
        echo = server.api("POST", f"endpoints/workloads/{dev_workload}/predict", json={}).json()
        assert echo["imageUri"] == f"{IMAGE}:1.0.0"

        # 3. Register: the artifact locks in place (same ID, version N) and dev deploys it.
        #    (Prod's preview is the refusal of step 2 until this `up`.)
        dev.set("status", "registered")
        assert dev.preview() == {"Artifact": "update", "Workload": SAME, "Deployment": "create"}
        out = dev.up()
        v1_id, v1 = out["artifactId"], out["artifactVersion"]
        assert (v1_id, out["artifactStatus"], out["workloadId"]) == (
            draft_id,
            "registered",
            dev_workload,
        )
        assert isinstance(v1, int) and v1 >= 1
        assert invoke(out["invokeUrl"])["imageUri"] == f"{IMAGE}:1.0.0"

        # 4. Promote to prod: one config value (the version dev registered), one `up`.
        prod.unset("artifactId")
        prod.set("artifactVersion", str(v1))
        prod_plan, dev_plan = in_parallel(prod.preview, dev.preview)
        assert prod_plan == {"Workload": "create", "Deployment": "create"}
        assert dev_plan == {"Artifact": SAME, "Workload": SAME, "Deployment": SAME}
        prod_out = prod.up()
        assert (prod_out["artifactId"], prod_out["artifactVersion"]) == (v1_id, v1)
        assert invoke(prod_out["invokeUrl"])["imageUri"] == f"{IMAGE}:1.0.0"
        prod_workload = live(server, WORKLOADS, prod_out["workloadId"])
        prod_deployment = live(server, DEPLOYMENTS, prod_out["deploymentId"])
        assert prod_workload["artifactId"] == v1_id
        assert prod_workload["runtime"]["replicaCount"] == 2  # prod's own runtime
        assert prod_deployment["importance"] == "critical"
        prod_ids = prod.ids()

        # 5. Dev changes its registered artifact: a new version replaces it in dev (and
        #    dev's workload and deployment with it). Prod is untouched: its preview is
        #    empty before and after, its objects are unchanged, it still serves v1, and
        #    v1 stays in the registry although dev let go of it.
        dev.set("image", f"{IMAGE}:1.1.0")
        dev_plan, prod_plan = in_parallel(dev.preview, prod.preview)
        assert dev_plan == {"Artifact": "replace", "Workload": "replace", "Deployment": "replace"}
        assert prod_plan == {"Workload": SAME, "Deployment": SAME}
        out = dev.up()
        v2_id, v2 = out["artifactId"], out["artifactVersion"]
        assert v2_id != v1_id and v2 == v1 + 1
        assert invoke(out["invokeUrl"])["imageUri"] == f"{IMAGE}:1.1.0"
        assert live(server, ARTIFACTS, v1_id)["status"] == "registered"
        assert prod.preview() == {"Workload": SAME, "Deployment": SAME}
        assert prod.ids() == prod_ids
        assert live(server, WORKLOADS, prod_out["workloadId"]) == prod_workload
        assert live(server, DEPLOYMENTS, prod_out["deploymentId"]) == prod_deployment
        assert invoke(prod_out["invokeUrl"])["imageUri"] == f"{IMAGE}:1.0.0"

        # 6. Promote the new version: prod's workload and deployment are replaced; dev is
        #    untouched (and its preview shows it converged after step 5's replacement).
        prod.set("artifactVersion", str(v2))
        prod_plan, dev_plan = in_parallel(prod.preview, dev.preview)
        assert prod_plan == {"Workload": "replace", "Deployment": "replace"}
        assert dev_plan == {"Artifact": SAME, "Workload": SAME, "Deployment": SAME}
        promoted = prod.up()
        assert (promoted["artifactId"], promoted["artifactVersion"]) == (v2_id, v2)
        assert invoke(promoted["invokeUrl"])["imageUri"] == f"{IMAGE}:1.1.0"
        assert server.status_of(WORKLOADS, prod_out["workloadId"]) == 404

        # 7. Roll back: the old version number again, one `up`; prod serves v1 again.
        prod.set("artifactVersion", str(v1))
        prod_plan, dev_plan = in_parallel(prod.preview, dev.preview)
        assert prod_plan == {"Workload": "replace", "Deployment": "replace"}
        assert dev_plan == {"Artifact": SAME, "Workload": SAME, "Deployment": SAME}
        rolled_back = prod.up()
        assert (rolled_back["artifactId"], rolled_back["artifactVersion"]) == (v1_id, v1)
        assert rolled_back["image"] == f"{IMAGE}:1.0.0"
        assert invoke(rolled_back["invokeUrl"])["imageUri"] == f"{IMAGE}:1.0.0"
        assert live(server, WORKLOADS, rolled_back["workloadId"])["artifactId"] == v1_id
        assert server.status_of(WORKLOADS, promoted["workloadId"]) == 404

        # 8. Tear down: each stack deletes what it made; the registered versions outlive
        #    both (a release is kept until someone prunes it), and the example's releases.py
        #    prunes them once nothing runs them.
        prod_down, dev_down = in_parallel(prod.destroy, dev.destroy)
        torn_down = True
        assert prod_down == {"Workload": "delete", "Deployment": "delete"}
        assert dev_down == {"Artifact": "delete", "Workload": "delete", "Deployment": "delete"}
        for collection, object_id in (
            (WORKLOADS, rolled_back["workloadId"]),
            (DEPLOYMENTS, rolled_back["deploymentId"]),
            (WORKLOADS, out["workloadId"]),
            (DEPLOYMENTS, out["deploymentId"]),
        ):
            assert server.status_of(collection, object_id) == 404
        assert live(server, ARTIFACTS, v1_id)["status"] == "registered"
        assert live(server, ARTIFACTS, v2_id)["status"] == "registered"
        prune = subprocess.run(
            [sys.executable, str(project / "releases.py"), "prune", "churn-model"],
            env={
                **os.environ,
                "DATAROBOT_ENDPOINT": api_server.base_url,
                "DATAROBOT_API_TOKEN": TOKEN,
            },
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert prune.returncode == 0, prune.stderr
        assert server.status_of(ARTIFACTS, v1_id) == 404
        assert server.status_of(ARTIFACTS, v2_id) == 404
    finally:
        for stack in (prod, dev):
            if not torn_down:  # best effort after a failure half way
                with contextlib.suppress(auto.CommandError):
                    stack.destroy()
            stack.remove()
    assert tree_digest(EXAMPLE) == example_before, "the test wrote into examples/promotion"
