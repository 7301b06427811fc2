"""Where promote's words go: a report on stdout, progress on stderr, or one JSON document.

In a terminal, the report (gates, plan, outcome) is on stdout and the progress of long
steps, each line with the seconds since the start, on stderr. With `--json`, stdout holds
nothing but the final JSON document, so a pipeline can parse it; report lines then go to
stderr with the progress, where a person watching the job still sees them.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

KEYS = (
    "result",
    "detail",
    "exitStatus",
    "source",
    "target",
    "workload",
    "dryRun",
    "artifact",
    "version",
    "artifactId",
    "image",
    "previousVersion",
    "previousArtifactId",
    "configKey",
    "gates",
    "plan",
    "verification",
    "rollback",
    "record",
    "notes",
    "history",
    "dialect",
)


class Output:
    def __init__(
        self, *, as_json: bool, stdout: TextIO | None = None, stderr: TextIO | None = None
    ) -> None:
        self.as_json = as_json
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.started = time.monotonic()
        self.document: dict[str, Any] = dict.fromkeys(KEYS)
        self.document["notes"] = []

    def say(self, line: str = "") -> None:
        """A line of the report."""
        stream = self.stderr if self.as_json else self.stdout
        print(line, file=stream, flush=True)

    def progress(self, line: str) -> None:
        """A line about a step that takes a while."""
        elapsed = time.monotonic() - self.started
        print(f"[{elapsed:5.0f}s] {line}", file=self.stderr, flush=True)

    def set(self, **fields: Any) -> None:
        """Fields of the JSON document (kept in every mode; printed only with --json)."""
        self.document.update(fields)

    def finish(self, result: str, detail: str, exit_status: int) -> int:
        self.set(result=result, detail=detail, exitStatus=exit_status)
        if self.as_json:
            print(json.dumps(self.document, indent=2), file=self.stdout, flush=True)
        else:
            stream = self.stdout if exit_status == 0 else self.stderr
            print(f"{result}: {detail}" if detail else result, file=stream, flush=True)
        return exit_status
