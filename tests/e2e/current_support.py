"""The current dialect, end to end: a process-runtime server, stacks configured for the
current dialect, the program versions, and a client that calls an invoke URL without
pause while a step runs (`Traffic`), counting what failed.

The server runs each workload's entrypoint as a real process (the quickstart's app, which
answers JSON naming its GREETING), so a rolling replacement really starts a second
process beside the first and switches the traffic to it.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pulumi
from pulumi_datarobot_workloads import Artifact, Deployment, Workload

from tests.support.engine import REPO, engine_env
from tests.support.server import TOKEN, ServerControls
from tests.support.stacks import StackSteps

APP_SOURCE = (REPO / "examples" / "quickstart" / "app.py").read_text(encoding="utf-8")
# Prepended to the app when a test wants to break it from outside: it exits at start
# while the file named by CRASH_IF exists, so a candidate fails as a broken release does.
CRASH_GUARD = (
    "import os, sys\n"
    "if os.path.exists(os.environ['CRASH_IF']):\n"
    "    sys.exit('the app refuses to start: ' + os.environ['CRASH_IF'] + ' exists')\n"
)
WORKLOADS = "workloads"
ARTIFACTS = "artifacts"


def current_stack(work: Path, base_url: str, name: str) -> StackSteps:
    """A stack of the e2e project configured for the current dialect."""
    folder = work / f"stack-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "datarobot:endpoint": (base_url, False),
        "datarobot:apikey": (TOKEN, True),
        "datarobot:dialect": ("current", False),
    }
    return StackSteps(folder, engine_env(work / "engine-state"), config, stack_name=name)


def app_spec(greeting: str, crash_if: str = "") -> dict[str, Any]:
    """The quickstart's app as one container: it answers `greeting` on every path (and,
    with `crash_if`, exits at start while that file exists)."""
    variables = [{"name": "GREETING", "value": greeting}]
    source = APP_SOURCE
    if crash_if:
        variables.append({"name": "CRASH_IF", "value": crash_if})
        source = CRASH_GUARD + APP_SOURCE
    return {
        "container_groups": [
            {
                "containers": [
                    {
                        "name": "app",
                        "image_uri": f"registry.local/app:{greeting}",
                        "port": 8080,
                        "entrypoint": [sys.executable, "-c", source],
                        "environment_vars": variables,
                        "readiness_probe": {
                            "path": "/healthz",
                            "port": 8080,
                            "initial_delay_seconds": 0,
                            "period_seconds": 1,
                        },
                    }
                ]
            }
        ]
    }


def chain(
    prefix: str,
    greeting: str,
    *,
    status: str = "draft",
    workload: dict[str, Any] | None = None,
    with_deployment: bool = False,
    crash_if: str = "",
) -> Callable[[], None]:
    """An artifact of the app saying `greeting`, and its workload."""

    def program() -> None:
        spec = app_spec(greeting, crash_if)
        a = Artifact("artifact", name=f"{prefix}-artifact", status=status, spec=spec)
        pulumi.export("artifact_id", a.id)
        pulumi.export("artifact_version", a.version)
        pulumi.export("repository_id", a.repository_id)
        w_args: dict[str, Any] = {"name": f"{prefix}-workload", "artifact": a}
        w_args.update(workload or {})
        w = Workload("workload", **w_args)
        pulumi.export("workload_id", w.id)
        pulumi.export("workload_status", w.status)
        pulumi.export("invoke_url", w.invoke_url)
        pulumi.export("endpoint", w.endpoint)
        pulumi.export("expires_at", w.expires_at)
        if with_deployment:
            Deployment("deployment", name=f"{prefix}-deployment", workload=w)

    return program


class Traffic:
    """Calls one invoke URL back to back on a thread until stopped; counts answers by
    status code ("error: ..." when no answer came) and greetings by what they said (the
    JSON field `field` of each answer: which version answered)."""

    def __init__(self, url: str, *, field: str = "greeting") -> None:
        self.url = url.rstrip("/") + "/ping"
        self.field = field
        self.codes: Counter[str] = Counter()
        self.greetings: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="traffic", daemon=True)

    def _run(self) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(timeout=30, headers=headers) as client:
            while not self._stop.is_set():
                try:
                    response = client.get(self.url)
                except httpx.HTTPError as error:
                    self.codes[f"error: {type(error).__name__}"] += 1
                    continue
                self.codes[str(response.status_code)] += 1
                if response.status_code == 200:
                    self.greetings[str(response.json().get(self.field))] += 1

    @property
    def sent(self) -> int:
        return sum(self.codes.values())

    @property
    def failed(self) -> int:
        return self.sent - self.codes["200"]

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def greeting_of(server: ServerControls, workload_id: str) -> str:
    response = server.api("GET", f"endpoints/workloads/{workload_id}/ping")
    assert response.status_code == 200, response.text
    return str(response.json()["greeting"])


def listed(server: ServerControls, collection: str, prefix: str) -> list[str]:
    """IDs of the objects of `collection` whose name starts with `prefix`."""
    found: list[str] = []
    url = f"{collection}/?limit=100"
    body = server.api("GET", url).json()
    found.extend(item["id"] for item in body["data"] if item["name"].startswith(prefix))
    return found


def iter_state(stack: StackSteps, type_suffix: str) -> Iterator[dict[str, Any]]:
    for resource in stack.state_resources():
        if str(resource.get("type", "")).endswith(type_suffix):
            yield resource
