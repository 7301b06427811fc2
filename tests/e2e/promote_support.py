"""One world for the promote tests: a process-runtime server, a team's two stacks.

`datarobot-workloads promote` is run as a user runs it: the installed console script, in
a copy of a project of the tests' own (`promote_project`: not the promotion example, other
resource names, no outputs at all), with the environment `pulumi` needs. The server runs
each workload's entrypoint as a real process, so health checks answer what the app says.
Setting up the server and the stacks costs more than most cases, so the tests of a
module share one world; each case starts by making dev run the version it needs.

What a stack runs is read here from its state and the API, as promote must: the
program exports nothing to read it from.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.promotion_support import REPO, ProjectStack
from tests.support.engine import engine_env
from tests.support.server import TOKEN, ServerControls

IMAGE = "registry.example.com/fraud-scorer"
HERE = Path(__file__).resolve().parent
APP_TEMPLATE = HERE / "promote_app.py"
PROJECT_TEMPLATE = HERE / "promote_project"
BEHAVIOURS = ("healthy", "unhealthy", "singleton", "slow", "flagged")
PROJECT = "fraud-scoring"
VERIFY_TIMEOUT = 5


@dataclass
class Done:
    """One finished `datarobot-workloads promote` run."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def document(self) -> dict[str, Any]:
        """The --json document."""
        body: dict[str, Any] = json.loads(self.stdout)
        return body

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class World:
    def __init__(
        self,
        folder: Path,
        base_url: str,
        root_url: str,
        *,
        backend_url: str | None = None,
        token: str = TOKEN,
        dialect: str = "older",
    ) -> None:
        """A working copy of the project in `folder`/project, with its own PULUMI_HOME;
        the stacks live in `backend_url` (default: a file backend in `folder`) and speak
        `dialect` of the API."""
        self.folder = folder
        self.base_url = base_url
        self.server = ServerControls(root_url, base_url)
        self.token = token
        self.flag = folder.parent / "flag"
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DATAROBOT_", "PULUMI_"))
        }
        self.env.update(engine_env(folder / "engine"))
        if backend_url is not None:
            self.env["PULUMI_BACKEND_URL"] = backend_url
        fresh = not (folder / "project").exists()
        self.project = folder / "project"
        if fresh:
            shutil.copytree(PROJECT_TEMPLATE, self.project)
            (self.project / "venv").symlink_to(REPO / ".venv", target_is_directory=True)
            for behaviour in BEHAVIOURS:
                source = APP_TEMPLATE.read_text(encoding="utf-8")
                source = source.replace('BEHAVIOUR = "healthy"', f"BEHAVIOUR = {behaviour!r}")
                lock = str(folder.parent / "lock")
                source = source.replace('LOCK_PATH = ""', f"LOCK_PATH = {lock!r}")
                source = source.replace('FLAG_PATH = ""', f"FLAG_PATH = {str(self.flag)!r}")
                (self.project / f"{behaviour}.py").write_text(source, encoding="utf-8")
        self.dev = ProjectStack(self.project, "dev", self.env)
        self.prod = ProjectStack(self.project, "prod", self.env)
        for stack in (self.dev, self.prod):
            stack.set("datarobot:endpoint", base_url)
            stack.set("datarobot:apikey", token, secret=True)
            stack.set("datarobot:dialect", dialect)
        if fresh:
            # The target names its version by config; what it runs comes from its state.
            self.prod.set("artifactVersion", "1")
            policy = {
                "source": "dev",
                "minAgeSeconds": "0",
                "healthPath": "/health",
                "maxServerErrors": "0",
                "versionPath": "/version",
                "verifyTimeoutSeconds": str(VERIFY_TIMEOUT),
            }
            if dialect != "older":
                del policy["maxServerErrors"]  # deployment stats: the older dialect's only
            for key, value in policy.items():
                self.prod.set(f"promotion:{key}", value)

    def working_copy(self, folder: Path, token: str) -> World:
        """Another working copy of the same project and stacks (a second CI runner): its
        own folder, PULUMI_HOME and API token, the same backend."""
        folder.mkdir(parents=True)
        shutil.copytree(
            self.project, folder / "project", ignore=shutil.ignore_patterns("__pycache__", "venv")
        )
        (folder / "project" / "venv").symlink_to(REPO / ".venv", target_is_directory=True)
        root_url = self.server.root_url
        return World(
            folder, self.base_url, root_url, backend_url=self.env["PULUMI_BACKEND_URL"], token=token
        )

    # Dev ---------------------------------------------------------------------------------
    def dev_runs(self, tag: str, behaviour: str = "healthy") -> dict[str, Any]:
        """Dev registers and runs `IMAGE:tag` with the app of `behaviour`; what it runs."""
        self.dev.set("status", "registered")
        self.dev.set("image", f"{IMAGE}:{tag}")
        self.dev.set("app", f"{behaviour}.py")
        self.dev.up()
        return self.dev_release()

    def dev_release(self) -> dict[str, Any]:
        """Dev's artifact (ID, version) and workload, from its state."""
        resources = self.resources(self.dev)
        artifact = resources["Artifact"]
        return {
            "artifactId": artifact["id"],
            "artifactVersion": artifact["outputs"]["version"],
            "workloadId": resources["Workload"]["id"],
        }

    def resources(self, stack: ProjectStack) -> dict[str, dict[str, Any]]:
        """The stack's one live resource of each kind, by kind."""
        found: dict[str, dict[str, Any]] = {}
        for resource in (stack.stack.export_stack().deployment or {}).get("resources") or []:
            kind = str(resource.get("type", "")).rsplit(":", 1)[-1]
            if kind in ("Artifact", "Workload", "Deployment") and not resource.get("delete"):
                assert kind not in found, f"two {kind}s in {stack.name}'s state"
                found[kind] = resource
        return found

    # promote -----------------------------------------------------------------------------
    def command(self, *args: str) -> list[str]:
        found = shutil.which("datarobot-workloads", path=self.env["PATH"])
        assert found is not None, "the datarobot-workloads console script is not installed"
        return [found, *args]

    def promote(self, *args: str) -> Done:
        """`datarobot-workloads promote --from dev --to prod ARGS`."""
        return self.run("promote", "--from", "dev", "--to", "prod", *args)

    def run(self, *args: str) -> Done:
        """`datarobot-workloads ARGS` in the project folder."""
        done = subprocess.run(
            self.command(*args),
            cwd=self.project,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return Done(done.returncode, done.stdout, done.stderr)

    def start_promote(self, *args: str, log: Path) -> subprocess.Popen[bytes]:
        """promote in its own process group, as a CI job runs it, so a kill of the group
        ends it with the engine and plugins it started, and nothing of the test runner."""
        with log.open("wb") as out:
            return subprocess.Popen(
                self.command("promote", "--from", "dev", "--to", "prod", *args),
                cwd=self.project,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill_job(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL to the whole job: a runner that is gone, nothing shuts down cleanly.

        The engine starts its plugins (the language host, the dynamic provider) in
        process groups of their own, so they outlive the job's group and wait for an
        engine that is gone. They are found by the engine address they were given (the
        program process names the project folder too) and ended, so no test leaves
        processes behind."""
        plugins = engine_plugins(self.project)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        groups = {group for group in map(_group, plugins) if group is not None}
        for group in groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)

    # Prod --------------------------------------------------------------------------------
    def prod_config(self, key: str) -> str:
        return str(self.prod.stack.get_config(f"{PROJECT}:{key}").value)

    def selected(self) -> str | None:
        """The stack a bare `pulumi` command in the project folder would work on."""
        current = self.prod.stack.workspace.stack()
        return current.name if current is not None else None

    def prod_file(self) -> bytes:
        return (self.project / "Pulumi.prod.yaml").read_bytes()

    def prod_file_but_history(self) -> str:
        """Prod's config file without its promotion:history line (which every run writes)."""
        lines = self.prod_file().decode().splitlines()
        return "\n".join(line for line in lines if "promotion:history" not in line)

    def prod_state(self) -> dict[str, Any]:
        deployment: dict[str, Any] = self.prod.stack.export_stack().deployment or {}
        return deployment

    def prod_runs(self) -> dict[str, Any]:
        """What prod's state holds: its workload, the artifact it runs, its deployment and
        invoke URL (the deployment's; in the current dialect the workload's own), empty
        when it holds none."""
        resources = self.resources(self.prod)
        if "Workload" not in resources:
            return {}
        workload, deployment = resources["Workload"], resources.get("Deployment") or {}
        outputs = workload["outputs"]
        front = deployment.get("outputs") or {}
        return {
            "workloadId": workload["id"],
            "artifactId": outputs.get("artifact_id", outputs.get("artifactId")),
            "deploymentId": deployment.get("id"),
            "invokeUrl": front.get("endpoint") or outputs.get("invoke_url"),
        }

    def serves(self, invoke_url: str) -> str:
        """The image prod's app says it runs, through its invoke URL."""
        response = httpx.get(
            f"{invoke_url.rstrip('/')}/version",
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["imageUri"])

    def workloads(self) -> list[dict[str, Any]]:
        body = self.server.api("GET", "console/workloads/", params={"limit": 100}).json()
        return list(body["data"])

    def deployments(self) -> list[dict[str, Any]]:
        body = self.server.api("GET", "console/deployments/", params={"limit": 100}).json()
        return list(body["data"])


def engine_plugins(project: Path) -> list[int]:
    """PIDs of the plugin processes of the engine whose program runs in `project`."""
    commands: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        commands[int(entry.name)] = [part.decode(errors="replace") for part in raw.split(b"\0")]
    engines = {
        args[args.index("--engine") + 1]
        for args in commands.values()
        if "--engine" in args[:-1] and str(project) in args
    }
    return [pid for pid, args in commands.items() if engines & set(args)]


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds:.0f}s waiting for {what}")
