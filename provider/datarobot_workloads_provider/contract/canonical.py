"""The canonical form of a spec, and its digest: how specs are compared, everywhere.

Inputs and API answers both go through `canonical_spec`, so a default the server fills in
(a probe's period, a lone container's `primary`) never shows up as drift; the client
compares with it too, when it looks for an object a lost answer may have created.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .args import ProbeArgs
from .declared import fields_of

PROBES = ("readiness_probe", "liveness_probe", "startup_probe")
# A probe's defaults, as declared (`args.ProbeArgs`): the server fills in the same ones.
PROBE_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields_of(ProbeArgs) if not f.required}


def canonical_spec(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """Nulls and empty lists dropped, defaults filled in, so equal specs compare equal."""
    if spec is None:
        return None
    groups = spec.get("container_groups") or []
    total = sum(len(g.get("containers") or []) for g in groups)
    out_groups = []
    for group in groups:
        containers = []
        for container in group.get("containers") or []:
            item = drop_empty(dict(container))
            if "primary" not in item:
                item["primary"] = total == 1
            for probe in PROBES:
                if probe in item:
                    item[probe] = {**PROBE_DEFAULTS, **item[probe]}
            containers.append(item)
        out_groups.append({"name": group.get("name") or "default", "containers": containers})
    return {"container_groups": out_groups}


def spec_revision(spec: dict[str, Any] | None) -> str:
    """A digest of what a workload runs; changes exactly when the running spec would."""
    text = json.dumps(canonical_spec(spec), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def drop_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drop_empty(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [drop_empty(v) for v in value]
    return value
