"""The promotion history: a JSON list in the target stack's config key `promotion:history`.

Why stack config rather than outputs or tags: outputs are whatever the program exports,
and only an `up` changes them, so a promotion's outcome, known after its last `up`,
could not be written there; tags live in the backend only, never in the repository, so no
review sees them, and they are meant for short labels, not a list. The config lives in
`Pulumi.<stack>.yaml`, next to the version it records the changes of: it is committed and
reviewed with it, copied with it, and readable with `pulumi config get promotion:history`
or `datarobot-workloads promote --history`. Only the newest `KEEP` records are kept, so
the file stays readable; git keeps the rest.

A record is written with result `started` before `up`, and rewritten with the outcome
when the command ends. A record still `started` when the next promotion begins is what
an interrupted one leaves: that run marks it `interrupted`. Runs that changed nothing are
recorded too, marked as such (`refused`, `needs confirmation`, `locked`, `dry run`), so
the file tells a reviewer what was attempted and why it stopped. A record's detail is
cut to `DETAIL_CHARS`: one record stays one readable line (`line`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from typing import Any, Literal

from .errors import PromoteError
from .policy import HISTORY

KEEP = 50
DETAIL_CHARS = 200
Result = Literal[
    "started",
    "promoted",
    "rolled back",
    "rollback failed",
    "failed",
    "interrupted",
    "refused",
    "needs confirmation",
    "locked",
    "dry run",
]
RESULTS: tuple[str, ...] = Result.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Record:
    """One promotion: from where to where, which version, when, and how it ended."""

    at: str
    source: str
    target: str
    artifact: str | None
    version: int | None
    artifact_id: str | None
    previous_version: int | None
    result: Result
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {_camel(key): value for key, value in asdict(self).items()}

    def line(self) -> str:
        previous = "" if self.previous_version is None else f" (was {self.previous_version})"
        what = (
            f"{self.artifact} version {self.version}{previous}"
            if self.version is not None
            else "(no version resolved)"
        )
        text = f"{self.at}  {self.source} -> {self.target}  {what}  {self.result}"
        return f"{text}: {short(self.detail)}" if self.detail else text


def short(detail: str) -> str:
    """One line of at most `DETAIL_CHARS` characters."""
    flat = " ".join(detail.split())
    return flat if len(flat) <= DETAIL_CHARS else flat[: DETAIL_CHARS - 3].rstrip() + "..."


def now() -> str:
    """UTC, to the second, ISO 8601: sorts as text and reads the same everywhere."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse(text: str | None) -> list[Record]:
    """The records in the config value; a value that is not ours stops the command rather
    than being overwritten."""
    if not text:
        return []
    try:
        rows = json.loads(text)
        if not isinstance(rows, list):
            raise TypeError("not a list")
        return [_record(row) for row in rows]
    except (ValueError, TypeError, KeyError) as error:
        raise PromoteError(
            f"config {HISTORY}: not a promotion history ({error}); fix or remove it "
            f"(`pulumi config rm {HISTORY} --stack <target>`)"
        ) from error


def dump(records: list[Record]) -> str:
    """The config value: the newest `KEEP` records, oldest first, compact JSON."""
    return json.dumps([r.to_json() for r in records[-KEEP:]], separators=(",", ":"))


def finish(records: list[Record], result: Result, detail: str = "") -> list[Record]:
    """The history with its last record (this run's `started` one) given its outcome."""
    if not records:
        return records
    return [*records[:-1], replace(records[-1], result=result, detail=short(detail))]


def mark_interrupted(records: list[Record]) -> tuple[list[Record], Record | None]:
    """Marks a last record still `started` (its run never finished) as `interrupted`."""
    if records and records[-1].result == "started":
        detail = "the run ended before it finished"
        marked = replace(records[-1], result="interrupted", detail=detail)
        return [*records[:-1], marked], marked
    return records, None


def _record(row: Any) -> Record:
    if not isinstance(row, dict):
        raise TypeError(f"a record is {type(row).__name__}, not an object")
    result = str(row["result"])
    if result not in RESULTS:
        raise ValueError(f"unknown result {result!r}")
    previous, version = row.get("previousVersion"), row.get("version")
    artifact, artifact_id = row.get("artifact"), row.get("artifactId")
    return Record(
        at=str(row["at"]),
        source=str(row["source"]),
        target=str(row["target"]),
        artifact=None if artifact is None else str(artifact),
        version=None if version is None else int(version),
        artifact_id=None if artifact_id is None else str(artifact_id),
        previous_version=None if previous is None else int(previous),
        result=result,  # type: ignore[arg-type]
        detail=str(row.get("detail") or ""),
    )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
