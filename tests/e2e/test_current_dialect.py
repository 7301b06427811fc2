"""The current dialect, end to end on the real engine with real workload processes.

One chain walks every step: up (draft), a preview with no change and no API call, a draft
edit in place, locking, a new locked version and a new runtime rolled over in place while
a client calls the invoke URL without pause (0 failed requests), a replacement the server
fails (up fails naming the workload; the old version keeps answering; the next up
succeeds), stop and start, drift found by refresh, and destroy leaving nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pulumi
import pytest
from datarobot_workloads_provider.native.wire import keys_to_camel
from pulumi import automation as auto
from pulumi_datarobot_workloads import Artifact, Workload, get_artifact, get_workload

from tests.e2e.current_support import (
    ARTIFACTS,
    WORKLOADS,
    Traffic,
    app_spec,
    chain,
    current_stack,
    greeting_of,
    listed,
)
from tests.support.engine import require_engine
from tests.support.server import ServerControls
from tests.support.stacks import Program, StackSteps

if TYPE_CHECKING:
    from workload_api_server.launcher import ServerHandle

pytestmark = pytest.mark.e2e
PREFIX = "cur"


@pytest.fixture(scope="module")
def process_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """The server running each workload as a real process (both dialects, one store)."""
    from workload_api_server.launcher import running_server

    require_engine()
    data_dir = tmp_path_factory.mktemp("current-api")
    # A rollout "minute" of one second, so the tests' warm-up and keep-old times are short.
    with running_server(
        data_dir,
        step_seconds=0,
        runtime="process",
        extra_args=["--rollout-minute-seconds", "1"],
    ) as handle:
        yield handle


@pytest.fixture
def server(process_server: ServerHandle) -> Iterator[ServerControls]:
    controls = ServerControls(process_server.root_url, process_server.base_url)
    controls.clear_faults()
    yield controls
    controls.clear_faults()


def report(line: str) -> None:
    """A figure of the run (requests during a rolling replacement), shown with -s."""
    print(f"\n[rolling replacement] {line}", flush=True)


def live(server: ServerControls, collection: str, object_id: str) -> dict[str, Any]:
    response = server.api("GET", f"{collection}/{object_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def rolled(
    stack: StackSteps, program: Program, url: str, expect: dict[str, str]
) -> tuple[dict[str, Any], Traffic]:
    """`up` of `program` while a client calls `url` back to back; the plan must be
    exactly `expect` in preview and up."""
    assert stack.preview(program).changed() == expect, "preview"
    with Traffic(url) as traffic:
        up = stack.up(program)
    assert up.changed() == expect, "up"
    return up.outputs, traffic


def test_current_dialect_chain(
    server: ServerControls, process_server: ServerHandle, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, process_server.base_url, "current")

    # 1. Up, on a draft: both made in the current dialect; the workload runs the app.
    v1 = chain(PREFIX, "v1")
    assert stack.preview(v1).changed() == {"artifact": "create", "workload": "create"}
    created = stack.up(v1)
    up = created.outputs
    workload_id, draft_id = up["workload_id"], up["artifact_id"]
    # A workload of a draft ends by itself in this dialect: said, and shown when.
    assert any("runs a draft artifact" in line for line in created.diagnostics)
    expires_at = live(server, WORKLOADS, workload_id)["expiresAt"]
    assert expires_at is not None and up["expires_at"] == expires_at
    url = up["invoke_url"]
    assert url == f"{process_server.base_url}/endpoints/workloads/{workload_id}/"
    assert up["workload_status"] == "running"
    assert greeting_of(server, workload_id) == "v1"
    assert live(server, WORKLOADS, workload_id)["artifactId"] == draft_id
    assert up.get("artifact_version") is None and up["repository_id"]
    dialects = {
        r["type"].rsplit(":", 1)[-1]: r["outputs"].get("api_dialect")
        for r in stack.state_resources()
        if "dynamic" in r["type"]
    }
    assert dialects == {"Artifact": "current", "Workload": "current"}

    # 2. Nothing changed: the plan says so without a single API call.
    server.clear_requests()
    assert stack.preview(v1).changed() == {}
    assert server.total_requests() == 0, server.request_counts()

    # 3. A draft's spec changes in place (PATCH); the workload restarts onto it.
    v2 = chain(PREFIX, "v2")
    assert stack.preview(v2).changed() == {"artifact": "update", "workload": "update"}
    up = stack.up(v2).outputs
    assert (up["artifact_id"], up["workload_id"]) == (draft_id, workload_id)
    assert greeting_of(server, workload_id) == "v2"

    # 4. Locking is in place too, and gives version 1 of its repository.
    locked = chain(PREFIX, "v2", status="locked")
    assert stack.preview(locked).changed() == {"artifact": "update"}
    up = stack.up(locked).outputs
    assert (up["artifact_id"], up["artifact_version"]) == (draft_id, 1)
    repository = up["repository_id"]

    # 5. A new locked version: a new artifact in the same repository, and the workload
    #    rolls over to it in place (same ID, same URL) while it is being called; the
    #    rollout's timing comes from the program (warm-up 2, keep-old 1 "minutes").
    timing = {"rollout_warmup_minutes": 2, "rollout_keep_old_minutes": 1}
    v3 = chain(PREFIX, "v3", status="locked", workload=timing)
    up, traffic = rolled(stack, v3, url, {"artifact": "replace", "workload": "update"})
    report(f"new version: {traffic.sent} sent, {traffic.failed} failed {dict(traffic.codes)}")
    assert traffic.failed == 0, traffic.codes
    assert traffic.sent > 0 and traffic.greetings["v3"] > 0
    assert (up["workload_id"], up["invoke_url"]) == (workload_id, url)
    assert up["artifact_id"] != draft_id
    assert (up["repository_id"], up["artifact_version"]) == (repository, 2)
    assert live(server, WORKLOADS, workload_id)["artifactId"] == up["artifact_id"]
    assert greeting_of(server, workload_id) == "v3"
    v3_id = up["artifact_id"]
    history = server.api("GET", f"{WORKLOADS}/{workload_id}/history").json()["data"]
    assert history[-1]["config"] == {"warmupDurationMinutes": 2, "keepOldVersionMinutes": 1}
    # The replaced version left the state but stays in its repository (the API deletes a
    # locked version only with the repository, which goes with the newest one).
    kept = live(server, ARTIFACTS, draft_id)
    assert (kept["status"], kept["version"], kept["artifactRepositoryId"]) == (
        "locked",
        1,
        repository,
    )
    assert draft_id not in {r["id"] for r in stack.state_resources() if r.get("id")}
    assert traffic.greetings["v2"] > 0  # the old version answered through the warm-up

    # 6. A new runtime rolls over the same way (PATCH /settings).
    v3x2 = chain(PREFIX, "v3", status="locked", workload={"runtime": {"replica_count": 2}})
    up, traffic = rolled(stack, v3x2, url, {"workload": "update"})
    report(f"new runtime: {traffic.sent} sent, {traffic.failed} failed {dict(traffic.codes)}")
    assert traffic.failed == 0, traffic.codes
    assert (up["workload_id"], up["invoke_url"], up["artifact_id"]) == (workload_id, url, v3_id)
    runtime = live(server, WORKLOADS, workload_id)["runtime"]
    assert runtime["containerGroups"][0]["replicaCount"] == 2

    # 7. Stop and start as desired state, in place.
    stopped = chain(
        PREFIX,
        "v3",
        status="locked",
        workload={"runtime": {"replica_count": 2}, "desired_status": "stopped"},
    )
    assert stack.preview(stopped).changed() == {"workload": "update"}
    stack.up(stopped)
    assert live(server, WORKLOADS, workload_id)["status"] == "stopped"
    up = stack.up(v3x2).outputs
    assert up["workload_status"] == "running"
    assert greeting_of(server, workload_id) == "v3"

    # 8. Drift: stopped outside Pulumi, found by refresh, started again by up.
    assert server.api("POST", f"{WORKLOADS}/{workload_id}/stop").status_code in (200, 202)
    stack.refresh()
    assert stack.preview(v3x2).changed() == {"workload": "update"}
    stack.up(v3x2)
    assert live(server, WORKLOADS, workload_id)["status"] == "running"

    # 9. Destroy leaves nothing: no workload, no artifact, no repository of the chain.
    stack.destroy()
    assert listed(server, WORKLOADS, PREFIX) == []
    assert listed(server, ARTIFACTS, PREFIX) == []
    assert server.api("GET", f"artifactRepositories/{repository}").status_code == 404
    assert server.api("GET", f"{ARTIFACTS}/{draft_id}").status_code == 404


def test_a_deployment_is_refused_at_preview_pointing_to_the_invoke_url(
    server: ServerControls, process_server: ServerHandle, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, process_server.base_url, "current-deployment")
    server.clear_requests()
    with pytest.raises(auto.CommandError) as refused:
        stack.preview(chain("dep", "v1", with_deployment=True))
    assert "no deployments" in str(refused.value)
    assert "invoke_url" in str(refused.value)
    assert server.writes() == 0


def fails_naming_the_workload(
    stack: StackSteps, program: Program, workload_id: str, message: str
) -> None:
    """`up` fails, and what it says names the workload and gives the API's message."""
    with pytest.raises(auto.CommandError) as failed:
        stack.up(program)
    text = str(failed.value)
    assert "fail-workload" in text and workload_id in text
    assert message in text
    said = [line for line in text.splitlines() if "rolling replacement" in line]
    report(f"failed as the user sees it: {said[0].strip() if said else text}")


def test_a_failed_replacement_leaves_the_old_version_serving_and_the_state_as_it_was(
    server: ServerControls, process_server: ServerHandle, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, process_server.base_url, "current-failure")
    broken = tmp_path / "broken"
    v1 = chain("fail", "v1", status="locked", crash_if=str(broken))
    up = stack.up(v1).outputs
    workload_id, v1_id = up["workload_id"], up["artifact_id"]

    def assert_still_serving(greeting: str, artifact_id: str) -> None:
        assert greeting_of(server, workload_id) == greeting
        assert live(server, WORKLOADS, workload_id)["artifactId"] == artifact_id
        state = {r["urn"].rsplit("::", 1)[-1]: r for r in stack.state_resources()}
        assert state["workload"]["outputs"]["artifact_id"] == artifact_id

    # 1. The server fails the next replacement (its test control): up fails naming the
    #    workload and the API's message; the old version keeps answering; the state still
    #    names it; the same program's next up tries again and succeeds.
    server.http.put(
        f"{server.root_url}/__test__/replacement-failures",
        json={"message": "no capacity for the candidate", "workloadId": workload_id},
    ).raise_for_status()
    v2 = chain("fail", "v2", status="locked", crash_if=str(broken))
    fails_naming_the_workload(stack, v2, workload_id, "no capacity for the candidate")
    assert_still_serving("v1", v1_id)
    assert stack.preview(v2).changed().get("workload") == "update"
    up = stack.up(v2).outputs
    assert up["workload_id"] == workload_id
    assert greeting_of(server, workload_id) == "v2"
    v2_id = up["artifact_id"]

    # 2. A release that cannot start (its process exits at once) fails the same way.
    broken.write_text("the new release is broken", encoding="utf-8")
    v3 = chain("fail", "v3", status="locked", crash_if=str(broken))
    fails_naming_the_workload(stack, v3, workload_id, "The candidate failed")
    assert_still_serving("v2", v2_id)
    broken.unlink()
    up = stack.up(v3).outputs
    assert up["workload_id"] == workload_id
    assert greeting_of(server, workload_id) == "v3"

    stack.destroy()
    assert listed(server, WORKLOADS, "fail") == []
    assert listed(server, ARTIFACTS, "fail") == []


def test_adopt_and_lookups_in_the_current_dialect(
    server: ServerControls, process_server: ServerHandle, tmp_path: Path
) -> None:
    """Objects made with the API directly are found by the lookups and taken over with
    adopt_id; a metadata difference is converged in place (PATCH)."""
    spec = app_spec("outside")
    wire = keys_to_camel(spec)
    artifact = server.api(
        "POST", "artifacts", json={"name": "made-outside", "status": "locked", "spec": wire}
    ).json()
    assert artifact["version"] == 1, artifact
    workload = server.api(
        "POST", "workloads", json={"name": "made-outside-wl", "artifactId": artifact["id"]}
    ).json()
    workload_id = workload["id"]

    def program() -> None:
        info = get_artifact(name="made-outside", latest_registered=True)
        found = get_workload(name="made-outside-wl")
        pulumi.export("looked_up", [info.id, info.version, info.repository_id, found.invoke_url])
        a = Artifact("artifact", name="made-outside", status="locked", spec=spec, adopt_id=info.id)
        w = Workload(
            "workload",
            name="made-outside-wl",
            artifact=a,
            importance="high",
            adopt_id=found.id,
        )
        pulumi.export("workload_id", w.id)

    stack = current_stack(tmp_path, process_server.base_url, "current-adopt")
    up = stack.up(program)
    assert up.changed() == {"artifact": "create", "workload": "create"}
    assert up.outputs["looked_up"] == [
        artifact["id"],
        1,
        artifact["artifactRepositoryId"],
        f"{process_server.base_url}/endpoints/workloads/{workload_id}/",
    ]
    assert up.outputs["workload_id"] == workload_id
    assert live(server, WORKLOADS, workload_id)["importance"] == "high"
    server.clear_requests()
    assert stack.preview(program).changed() == {}
    assert server.writes() == 0
    stack.destroy()
    assert listed(server, WORKLOADS, "made-outside") == []
    assert listed(server, ARTIFACTS, "made-outside") == []


def test_a_stack_made_in_one_dialect_refuses_a_plan_in_the_other(
    server: ServerControls, process_server: ServerHandle, tmp_path: Path
) -> None:
    stack = current_stack(tmp_path, process_server.base_url, "dialect-switch")
    stack.stack.set_config("datarobot:dialect", auto.ConfigValue("older"))
    program = chain("switch", "v1")
    stack.up(program)
    stack.stack.set_config("datarobot:dialect", auto.ConfigValue("current"))
    server.clear_requests()
    with pytest.raises(auto.CommandError) as refused:
        stack.preview(program)
    assert "made with the older dialect" in str(refused.value)
    assert "configured for the current dialect" in str(refused.value)
    assert server.total_requests() == 0
    # Refresh and destroy speak the dialect each object was made with, whatever the
    # configuration says: the stack can always be read and taken down.
    assert stack.refresh().summary.get("update", 0) == 0
    stack.destroy()
    assert listed(server, "console/workloads", "switch") == []
    assert listed(server, "registry/artifacts", "switch") == []


def lose_first_answer(server: ServerControls, fault: str, path: str) -> None:
    """The first POST whose path contains `path` gets `fault` (the seed makes the
    server's generator fail the first matching request and let the next one through)."""
    server.set_faults(rate=0.5, kinds=[fault], methods=["POST"], pathContains=path, seed=4)


def injected(server: ServerControls) -> dict[str, int]:
    snapshot = server.http.get(f"{server.root_url}/__test__/faults").json()
    return {str(k): int(v) for k, v in (snapshot.get("injected") or {}).items()}


def posts_to(server: ServerControls, fragment: str) -> int:
    return sum(
        n
        for key, n in server.request_counts().items()
        if key.startswith("POST ") and fragment in key
    )


def test_lost_answers_in_the_current_dialect(
    server: ServerControls, process_server: ServerHandle, tmp_path: Path
) -> None:
    """A create and a replacement whose answers are lost after the server acted: each is
    found, not sent again, so nothing is made twice and the workload rolls over once."""
    stack = current_stack(tmp_path, process_server.base_url, "current-lost")
    lose_first_answer(server, "drop_after", "/api/v2/artifacts")
    server.clear_requests()
    up = stack.up(chain("lost", "v1", status="locked")).outputs
    assert injected(server).get("drop_after", 0) >= 1, "no answer was lost: proved nothing"
    server.clear_faults()
    assert posts_to(server, "/artifacts") == 1
    assert listed(server, ARTIFACTS, "lost") == [up["artifact_id"]]
    workload_id = up["workload_id"]

    lose_first_answer(server, "drop_after", "/replacement")
    server.clear_requests()
    up = stack.up(chain("lost", "v2", status="locked")).outputs
    assert injected(server).get("drop_after", 0) >= 1, "no answer was lost: proved nothing"
    server.clear_faults()
    assert posts_to(server, "/replacement") == 1
    assert up["workload_id"] == workload_id
    assert greeting_of(server, workload_id) == "v2"
    history = server.api("GET", f"{WORKLOADS}/{workload_id}/history").json()
    assert [entry["status"] for entry in history["data"]] == ["completed"]
    stack.destroy()
