"""What the server holds versus what a stack's state says: orphans, duplicates, losses.

Definitions used by every resilience test and the report:
- orphan: an object the server lists for the owner (not deleted) that no state references;
- duplicate: an extra object with the same name as another one of the same kind (a create
  that was retried into a second object);
- lost: an object the server acknowledged (or the state recorded) that it no longer has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

COLLECTIONS = {
    "Artifact": "registry/artifacts/",
    "Workload": "console/workloads/",
    "Deployment": "console/deployments/",
}


@dataclass(frozen=True)
class ServerObject:
    kind: str
    id: str
    name: str
    status: str | None


@dataclass
class Comparison:
    """The server against a state; every list is empty when they agree."""

    orphans: list[ServerObject] = field(default_factory=list)
    duplicates: list[ServerObject] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"orphans={[(o.kind, o.name, o.id) for o in self.orphans]} "
            f"duplicates={[(o.kind, o.name, o.id) for o in self.duplicates]} "
            f"missing from server={self.missing}"
        )


class Inventory:
    """Reads every object of one owner straight from the API (no faults should be on)."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}

    def objects(self, prefix: str = "") -> list[ServerObject]:
        """Every live object whose name starts with `prefix`, all pages of all collections."""
        found: list[ServerObject] = []
        with httpx.Client(headers=self.headers, timeout=30) as http:
            for kind, path in COLLECTIONS.items():
                url: str | None = f"{self.base_url}/{path}?limit=100"
                while url:
                    response = http.get(url)
                    response.raise_for_status()
                    page = response.json()
                    for item in page["data"]:
                        name = str(item.get("name") or "")
                        if name.startswith(prefix):
                            found.append(ServerObject(kind, item["id"], name, item.get("status")))
                    url = page.get("next")
        return found

    def exists(self, kind: str, object_id: str) -> bool:
        with httpx.Client(headers=self.headers, timeout=30) as http:
            response = http.get(f"{self.base_url}/{COLLECTIONS[kind]}{object_id}/")
        if response.status_code not in (200, 404):
            response.raise_for_status()
        return response.status_code == 200

    def compare(self, state: list[dict[str, Any]], prefix: str = "") -> Comparison:
        """The server's objects (named `prefix`...) against a state's resources."""
        objects = self.objects(prefix)
        in_state = {str(r["id"]) for r in state if r.get("id")}
        on_server = {o.id for o in objects}
        result = Comparison()
        result.orphans = [o for o in objects if o.id not in in_state]
        seen: Counter[tuple[str, str]] = Counter()
        for obj in sorted(objects, key=lambda o: o.id):
            seen[(obj.kind, obj.name)] += 1
            if seen[(obj.kind, obj.name)] > 1:
                result.duplicates.append(obj)
        result.missing = sorted(in_state - on_server)
        return result


def kind_of(resource: dict[str, Any]) -> str:
    """`pulumi-python:dynamic/datarobot-workloads:Workload` -> `Workload`."""
    return str(resource["type"]).rsplit(":", 1)[-1]
