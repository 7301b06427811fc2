"""The local Workload API server as the benchmark uses it: a real subprocess on loopback.

Start-up time is given in seconds a workload needs from submitted to running; how many
lifecycle steps that is comes from the server's own schedule (`lifecycle.scheduled_status`),
so the benchmark keeps meaning "3 s" if the server's steps change.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from workload_api_server.domain.lifecycle import scheduled_status
from workload_api_server.launcher import ServerHandle, running_server

TOKEN = "local-dev-token"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def steps_to_running() -> int:
    """How many lifecycle steps a start takes (submitted -> initializing -> running is 2)."""
    for steps in range(1, 100):
        if scheduled_status("starting", 0.0, 1.0, float(steps)) == "running":
            return steps
    raise RuntimeError("the server's schedule never reaches running")


def step_seconds_for(startup_seconds: float) -> float:
    """The server's `--step-seconds` that makes a workload start in `startup_seconds`."""
    return startup_seconds / steps_to_running()


@dataclass(frozen=True)
class Calls:
    """API calls the server logged for one command, by `METHOD /templated/path`."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def reads(self) -> int:
        return sum(n for key, n in self.counts.items() if key.startswith("GET "))

    @property
    def writes(self) -> int:
        return self.total - self.reads

    def of(self, method: str, path_contains: str, *, item: bool | None = None) -> int:
        """Count of one kind of call; `item` True keeps only `.../{id}/` paths (one object,
        not the collection), False only collection paths, None both."""
        total = 0
        for key, n in self.counts.items():
            verb, _, path = key.partition(" ")
            if verb != method or path_contains not in path:
                continue
            if item is not None and path.endswith("/{id}/") != item:
                continue
            total += n
        return total


class ApiServer:
    """A handle on the running server plus its test controls and its CPU usage."""

    def __init__(self, handle: ServerHandle) -> None:
        self.handle = handle
        self.http = httpx.Client(timeout=30)

    @property
    def base_url(self) -> str:
        return self.handle.base_url

    @property
    def port(self) -> int:
        return self.handle.port

    def stack_config(self) -> dict[str, tuple[str, bool]]:
        """Stack config that points a stack at this server (the token as a secret)."""
        return {"datarobot:endpoint": (self.base_url, False), "datarobot:apikey": (TOKEN, True)}

    def clear_requests(self) -> None:
        self.http.delete(f"{self.handle.root_url}/__test__/requests").raise_for_status()

    def calls(self) -> Calls:
        """What was logged since the last `clear_requests`."""
        body: dict[str, Any] = self.http.get(f"{self.handle.root_url}/__test__/requests").json()
        return Calls({str(k): int(v) for k, v in body["counts"].items()})

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server process has used so far (Linux /proc).

        Sampled around a load run, it tells whether the server was saturated (about one
        core: it is one Python process) or waiting on something else.
        """
        pid = self.handle.process.pid
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
        except OSError:
            return float("nan")
        fields = stat.rsplit(")", 1)[1].split()
        utime, stime = int(fields[11]), int(fields[12])
        return (utime + stime) / _CLOCK_TICKS

    def close(self) -> None:
        self.http.close()


@contextlib.contextmanager
def api_server(
    data_dir: Path,
    *,
    startup_seconds: float,
    test_controls: bool = True,
    extra_args: tuple[str, ...] = (),
) -> Iterator[ApiServer]:
    """A fresh server on its own data folder (so object counts never leak between figures)."""
    with running_server(
        data_dir,
        step_seconds=step_seconds_for(startup_seconds),
        test_controls=test_controls,
        runtime="simulated",
        extra_args=extra_args,
    ) as handle:
        server = ApiServer(handle)
        try:
            yield server
        finally:
            server.close()
