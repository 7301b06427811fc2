"""The engine's numbers at the front doors: a program's values as the engine carries them
(every number a double), and a lifecycle that keeps what a front door hands it."""

from __future__ import annotations

import json
from typing import Any

from datarobot_workloads_provider.lifecycle.core import Checked, Created, Plan, Read
from datarobot_workloads_provider.unknowns import UNKNOWN

# What a program wrote: whole numbers, a fraction, a bool and an unknown, at every depth.
AS_WRITTEN: dict[str, Any] = {
    "name": "w",
    "artifact_id": UNKNOWN,
    "runtime": {
        "replica_count": 2,
        "autoscaling": {"enabled": True, "policies": [{"target": 0.5}]},
    },
    "rollout_warmup_minutes": 5,
    "start_timeout_seconds": 1.5,
}


def as_the_engine_sends(value: Any) -> Any:
    """Every number a double, as the engine's wire carries it (bools stay bools)."""
    if isinstance(value, dict):
        return {key: as_the_engine_sends(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_the_engine_sends(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def exactly(value: Any) -> str:
    """JSON tells 5 from 5.0 (equality does not: 5 == 5.0)."""
    return json.dumps(value, sort_keys=True)


class RecordingLifecycle:
    """Answers every call as a lifecycle would, keeping what the front door handed it."""

    def __init__(self) -> None:
        self.handed: list[dict[str, Any]] = []

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        self.handed += [olds, news]
        return Checked(news)

    def diff(self, olds: dict[str, Any], news: dict[str, Any]) -> Plan:
        self.handed += [olds, news]
        return Plan()

    def create(self, props: dict[str, Any]) -> Created:
        self.handed.append(props)
        return Created("x1", props)

    def read(self, id_: str, props: dict[str, Any]) -> Read:
        self.handed.append(props)
        return Read(id_, props)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        self.handed += [olds, news]
        return news

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.handed.append(props)
