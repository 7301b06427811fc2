"""The process runtime: a workload's primary container entrypoint runs as a child process.

Children start with a minimal environment and end with the server (see `spawning`);
their output goes to a capped log (see `output`); what a killed server left running is
ended before a new one serves (see `leftovers`).

There is no watcher thread: health is looked at when a workload is read or invoked.
After a server restart nothing runs yet, so the first read of a workload that should be
running starts its process again (from the captured spec) and the workload shows
`initializing` until the process is ready, like a pod rescheduled after a node restart.

A rolling replacement runs a second process, the candidate, beside the serving one. At
the switch new invokes go to the candidate; the previous process is ended by a short-lived
drain thread once the keep-old time has passed and its requests in flight have answered,
so no invoke fails because of the switch.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from workload_api_server.runtime.base import (
    AppRequest,
    AppResponse,
    Observation,
    RunTarget,
    primary_container,
)
from workload_api_server.runtime.children import end_process_group, free_port
from workload_api_server.runtime.forwarding import forward
from workload_api_server.runtime.leftovers import end_leftovers, remove_record, write_record
from workload_api_server.runtime.output import LOG_FILE, OutputLog, log_tail
from workload_api_server.runtime.probes import is_ready
from workload_api_server.runtime.spawning import Spawner, child_environment
from workload_api_server.web.errors import BadGateway

# How long an exited child's last words may take to reach its log.
_OUTPUT_DRAIN_SECONDS = 1.0
# How long a drained process may keep answering requests in flight before it is ended.
_INFLIGHT_GRACE_SECONDS = 60.0


@dataclass
class _Child:
    """One start of one workload; `process` is None when nothing needs to run."""

    generation: int
    workdir: Path
    process: subprocess.Popen[bytes] | None
    port: int
    probe: dict[str, Any] | None
    ready: bool = False
    failure: str | None = None
    output: OutputLog | None = None
    inflight: int = 0
    closing: bool = False
    drain_at: float = 0.0


class ProcessRuntime:
    """Runs entrypoints with `cwd` in a per-workload folder and `PORT` in the environment."""

    blocks = True

    def __init__(
        self,
        data_dir: Path,
        *,
        probe_timeout_seconds: float = 1.0,
        max_log_bytes: int = 10 * 1024 * 1024,
        max_response_bytes: int = 10 * 1024 * 1024,
    ) -> None:
        self._root = data_dir / "workloads"
        self._root.mkdir(parents=True, exist_ok=True)
        self._probe_timeout = probe_timeout_seconds
        self._max_log_bytes = max_log_bytes
        self._max_response_bytes = max_response_bytes
        self._spawner = Spawner()
        self._lock = threading.Lock()
        self._children: dict[str, _Child] = {}
        self._candidates: dict[str, _Child] = {}
        self._draining: dict[str, list[_Child]] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(60.0, connect=5.0), follow_redirects=False
        )
        end_leftovers(self._root)

    def launch(self, target: RunTarget) -> None:
        """Start the process for this generation unless it already runs."""
        replaced: _Child | None = None
        with self._lock:
            current = self._children.get(target.workload_id)
            if current is not None and current.generation >= target.generation:
                return
            replaced = current
            self._children[target.workload_id] = self._spawn(target)
        if replaced is not None:
            self._end(replaced)

    def observe(self, target: RunTarget, *, check_readiness: bool) -> Observation:
        """Exited beats everything; readiness is probed only when the schedule allows it."""
        stale: _Child | None = None
        with self._lock:
            child = self._children.get(target.workload_id)
            if child is None or child.generation < target.generation:
                stale = child
                candidate = self._candidates.get(target.workload_id)
                if candidate is not None and candidate.generation == target.generation:
                    # The store switched before this runtime heard of it.
                    child = self._candidates.pop(target.workload_id)
                else:
                    child = self._spawn(target)
                self._children[target.workload_id] = child
        if stale is not None:
            self._end(stale)
        return self._observe_child(child, check_readiness)

    def launch_candidate(self, target: RunTarget) -> None:
        """Start the candidate process unless this generation's already runs."""
        with self._lock:
            current = self._candidates.get(target.workload_id)
            if current is not None and current.generation >= target.generation:
                return
            self._candidates[target.workload_id] = self._spawn(target, candidate=True)
        if current is not None:
            self._end(current)

    def observe_candidate(self, target: RunTarget, *, check_readiness: bool) -> Observation:
        """As `observe`, for the candidate (started again if a restart lost it)."""
        stale: _Child | None = None
        with self._lock:
            child = self._candidates.get(target.workload_id)
            if child is None or child.generation < target.generation:
                stale = child
                child = self._spawn(target, candidate=True)
                self._candidates[target.workload_id] = child
        if stale is not None:
            self._end(stale)
        return self._observe_child(child, check_readiness)

    def drop_candidate(self, workload_id: str) -> None:
        """End a failed or canceled candidate; the serving process is untouched."""
        with self._lock:
            child = self._candidates.pop(workload_id, None)
        if child is not None:
            self._end(child)

    def switch(self, workload_id: str, generation: int, drain_after_seconds: float) -> None:
        """The candidate serves from now on; the previous process drains in the background."""
        with self._lock:
            candidate = self._candidates.get(workload_id)
            if candidate is None or candidate.generation != generation:
                return
            del self._candidates[workload_id]
            previous = self._children.get(workload_id)
            self._children[workload_id] = candidate
            if previous is not None:
                previous.drain_at = time.monotonic() + max(0.0, drain_after_seconds)
                self._draining.setdefault(workload_id, []).append(previous)
        if previous is not None:
            threading.Thread(
                target=self._drain,
                args=(workload_id, previous),
                name=f"drain-{workload_id}",
                daemon=True,
            ).start()

    def drain_now(self, workload_id: str) -> None:
        """End the previous versions as soon as their requests in flight have answered."""
        with self._lock:
            for child in self._draining.get(workload_id, []):
                child.drain_at = 0.0

    def _drain(self, workload_id: str, child: _Child) -> None:
        """Wait out the keep-old time and the requests in flight, then end the process."""
        deadline: float | None = None
        while True:
            with self._lock:
                now = time.monotonic()
                if now >= child.drain_at:
                    deadline = deadline or now + _INFLIGHT_GRACE_SECONDS
                    if child.inflight == 0 or now > deadline:
                        child.closing = True
                        break
            time.sleep(0.02)
        self._end(child)
        with self._lock:
            remaining = [
                other for other in self._draining.get(workload_id, []) if other is not child
            ]
            if remaining:
                self._draining[workload_id] = remaining
            else:
                self._draining.pop(workload_id, None)

    def _observe_child(self, child: _Child, check_readiness: bool) -> Observation:
        with self._lock:
            if child.failure is not None:
                return self._exited(child, child.failure)
            if child.process is not None and child.process.poll() is not None:
                code = child.process.returncode
                return self._exited(child, f"The workload's process exited with code {code}.")
            if child.ready:
                return Observation(state="ready")
            if not check_readiness:
                return Observation(state="starting")
            port, probe = child.port, child.probe
        # Probing takes network time; do it without holding the runtime's lock.
        if not is_ready(port, probe, self._probe_timeout):
            return Observation(state="starting")
        with self._lock:
            child.ready = True
        return Observation(state="ready")

    def halt(self, workload_id: str) -> None:
        """End the workload's processes (serving and candidate), if any; previous versions
        still draining end once their requests in flight have answered."""
        self.drain_now(workload_id)
        with self._lock:
            children = [
                child
                for child in (
                    self._children.pop(workload_id, None),
                    self._candidates.pop(workload_id, None),
                )
                if child is not None
            ]
        for child in children:
            self._end(child)

    def invoke(self, target: RunTarget, request: AppRequest) -> AppResponse:
        """Forward to the process of the target's generation, counted while in flight."""
        with self._lock:
            child = self._serving(target)
            if child is None:
                raise BadGateway("The workload's process is not available.")
            child.inflight += 1
        try:
            return forward(self._client, child.port, request, max_bytes=self._max_response_bytes)
        finally:
            with self._lock:
                child.inflight -= 1

    def _serving(self, target: RunTarget) -> _Child | None:
        """The target's own generation if it still runs (a read just before a switch may
        name the previous one), else the process that serves now."""
        active = self._children.get(target.workload_id)
        draining = self._draining.get(target.workload_id, [])
        for child in (active, self._candidates.get(target.workload_id), *draining):
            if (
                child is not None
                and not child.closing
                and child.generation == target.generation
                and child.process is not None
            ):
                return child
        if active is not None and active.generation > target.generation and not active.closing:
            return active if active.process is not None else None
        return None

    def reset(self) -> None:
        """End every process; the runtime stays usable."""
        with self._lock:
            draining = [child for group in self._draining.values() for child in group]
            children = [*self._children.values(), *self._candidates.values(), *draining]
            self._children, self._candidates, self._draining = {}, {}, {}
        for child in children:
            child.closing = True
            self._end(child)

    def close(self) -> None:
        """End every process at shutdown."""
        self.reset()
        self._spawner.close()
        self._client.close()

    def _spawn(self, target: RunTarget, *, candidate: bool = False) -> _Child:
        """Start `target`'s process in the workload's folder. A candidate runs beside the
        serving process, so its pid record and output log go to a folder of their own
        (`generation-N`), where leftovers are also looked for."""
        cwd = self._root / target.workload_id
        workdir = cwd / f"generation-{target.generation}" if candidate else cwd
        workdir.mkdir(parents=True, exist_ok=True)
        container = primary_container(target.spec)
        probe = container.get("readinessProbe")
        if target.replica_count == 0:
            # Scaled to zero: running, but nothing to run and nothing to invoke.
            return _Child(target.generation, workdir, None, 0, probe, ready=True)
        entrypoint = container.get("entrypoint")
        if not entrypoint:
            return _Child(
                target.generation,
                workdir,
                None,
                0,
                probe,
                failure="The primary container has no entrypoint; the process runtime runs it.",
            )
        port = free_port()
        declared = {var["name"]: var["value"] for var in container.get("environmentVars") or []}
        reading, writing = os.pipe()
        # Started first: it empties the log of any earlier start, even if this one fails.
        output = OutputLog(workdir / LOG_FILE, reading, self._max_log_bytes)
        try:
            process = self._spawner.start(
                [str(part) for part in entrypoint],
                cwd=cwd,
                env=child_environment(declared, port),
                output=writing,
            )
        except (OSError, subprocess.SubprocessError, RuntimeError) as exc:
            # RuntimeError: the spawner already shut down (the server is stopping).
            return _Child(
                target.generation,
                workdir,
                None,
                port,
                probe,
                failure=f"The entrypoint could not be started: {exc}.",
            )
        finally:
            os.close(writing)
        write_record(workdir, process.pid)
        return _Child(target.generation, workdir, process, port, probe, output=output)

    def _exited(self, child: _Child, message: str) -> Observation:
        if child.output is not None:
            # Once: a process it left behind may hold the pipe open for good.
            child.output.wait(_OUTPUT_DRAIN_SECONDS)
            child.output = None
        return Observation(
            state="exited", message=message, log_tail=log_tail(child.workdir / LOG_FILE)
        )

    def _end(self, child: _Child) -> None:
        if child.process is not None:
            end_process_group(child.process)
            remove_record(child.workdir)
