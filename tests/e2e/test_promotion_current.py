"""Environment promotion in the API's current dialect: examples/promotion, unchanged, with
`datarobot:dialect: current` on both stacks.

That dialect has no deployments and keeps a workload's ID and invoke URL across new
versions (a rolling replacement in place), so the flow a team follows changes shape: dev
locks its artifact (the next version joins the name's repository), prod runs a looked-up
version, and every promotion and rollback is an *update* of prod's one workload, after
which prod answers at the URL it had before. Each step asserts the previews of both
stacks, the outputs, and the objects as the API shows them.
"""

from __future__ import annotations

import contextlib
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
ARTIFACTS = "artifacts"
WORKLOADS = "workloads"
IMAGE = "registry.example.com/churn-model"
SAME = "same"


def test_promotion_keeps_prods_invoke_url_in_the_current_dialect(
    engine_bin: Path, api_server: ServerHandle, server: ServerControls, tmp_path: Path
) -> None:
    example_before = tree_digest(EXAMPLE)
    project = copy_example(tmp_path / "promotion")
    env = engine_env(tmp_path / "engine")
    dev = ProjectStack(project, "dev", env)
    prod = ProjectStack(project, "prod", env)
    for stack in (dev, prod):
        stack.set("datarobot:endpoint", api_server.base_url)
        stack.set("datarobot:apikey", TOKEN, secret=True)
        stack.set("datarobot:dialect", "current")
    # A name of its own, so versions start at 1 whatever other tests left on the server.
    name = f"churn-current-{tmp_path.name[-8:]}".lower()
    for stack in (dev, prod):
        stack.set("artifactName", name)
    torn_down = False
    try:
        # 1. Dev runs a draft, edits it, then locks it: the same artifact becomes version 1 of its
        #    repository, and the workload (no Deployment in this dialect) keeps its ID.
        assert dev.preview() == {"Artifact": "create", "Workload": "create"}
        out = dev.up()
        dev_workload, draft_id = out["workloadId"], out["artifactId"]
        assert out["artifactStatus"] == "draft"
        assert invoke(out["invokeUrl"])["imageUri"] == f"{IMAGE}:1.0.0-rc.1"
        dev.set("image", f"{IMAGE}:1.0.0")  # a draft edit: both update in place
        assert dev.preview() == {"Artifact": "update", "Workload": "update"}
        out = dev.up()
        assert (out["artifactId"], out["workloadId"]) == (draft_id, dev_workload)
        dev.set("status", "locked")
        assert dev.preview() == {"Artifact": "update", "Workload": SAME}
        out = dev.up()
        assert (out["artifactId"], out["artifactStatus"], out["workloadId"]) == (
            draft_id,
            "locked",
            dev_workload,
        )
        v1_id, v1 = out["artifactId"], out["artifactVersion"]
        assert v1 == 1
        repository = live(server, ARTIFACTS, v1_id)["artifactRepositoryId"]

        # 2. Promote version 1: prod creates its one workload, importance on the workload.
        prod.set("artifactVersion", str(v1))
        prod_plan, dev_plan = in_parallel(prod.preview, dev.preview)
        assert prod_plan == {"Workload": "create"}
        assert dev_plan == {"Artifact": SAME, "Workload": SAME}
        first = prod.up()
        url, prod_workload = first["invokeUrl"], first["workloadId"]
        assert first["artifactId"] == v1_id
        assert "deploymentId" not in first
        assert invoke(url)["imageUri"] == f"{IMAGE}:1.0.0"
        seen = live(server, WORKLOADS, prod_workload)
        assert seen["importance"] == "critical"
        assert seen["artifactId"] == v1_id

        # 3. Dev changes its locked artifact: version 2 joins the same repository, and dev's
        #    workload rolls over in place. Prod is untouched and still serves version 1.
        dev.set("image", f"{IMAGE}:1.1.0")
        dev_plan, prod_plan = in_parallel(dev.preview, prod.preview)
        assert dev_plan == {"Artifact": "replace", "Workload": "update"}
        assert prod_plan == {"Workload": SAME}
        out = dev.up()
        v2_id, v2 = out["artifactId"], out["artifactVersion"]
        assert (v2, out["workloadId"]) == (2, dev_workload) and v2_id != v1_id
        assert live(server, ARTIFACTS, v2_id)["artifactRepositoryId"] == repository
        assert live(server, ARTIFACTS, v1_id)["status"] == "locked"
        assert invoke(url)["imageUri"] == f"{IMAGE}:1.0.0"

        # 4. Promote version 2, then roll back to 1: each an update of prod's workload in
        #    place; its ID and invoke URL never change, the artifact it runs does.
        for version, artifact_id, image in ((v2, v2_id, "1.1.0"), (v1, v1_id, "1.0.0")):
            prod.set("artifactVersion", str(version))
            prod_plan, dev_plan = in_parallel(prod.preview, dev.preview)
            assert prod_plan == {"Workload": "update"}, version
            assert dev_plan == {"Artifact": SAME, "Workload": SAME}
            now = prod.up()
            assert (now["workloadId"], now["invokeUrl"]) == (prod_workload, url), version
            assert now["artifactId"] == artifact_id
            assert prod.ids() == {"Workload": prod_workload}
            assert live(server, WORKLOADS, prod_workload)["artifactId"] == artifact_id
            assert invoke(url)["imageUri"] == f"{IMAGE}:{image}"

        # 5. Tear down: each stack deletes its workload; the locked versions are releases
        #    and outlive both stacks (the example retains them).
        prod_down, dev_down = in_parallel(prod.destroy, dev.destroy)
        torn_down = True
        assert prod_down == {"Workload": "delete"}
        assert dev_down == {"Artifact": "delete", "Workload": "delete"}
        for workload_id in (prod_workload, dev_workload):
            assert server.status_of(WORKLOADS, workload_id) == 404
        for artifact_id in (v1_id, v2_id):
            assert live(server, ARTIFACTS, artifact_id)["status"] == "locked"
    finally:
        for stack in (prod, dev):
            if not torn_down:
                with contextlib.suppress(auto.CommandError):
                    stack.destroy()
            stack.remove()
    assert tree_digest(EXAMPLE) == example_before, "the test wrote into examples/promotion"
