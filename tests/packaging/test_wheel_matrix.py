"""The built wheel in fresh virtualenvs on Python 3.10, 3.12 and 3.13, each with the
lowest dependency versions pyproject.toml allows and with the newest the registry serves:
the real chain (up; preview with no changes and no API call; refresh; an in-place update;
destroy) against the local server, on the repo's engine, from the project's own venv.

Each cell prints one line (python, versions, pass, seconds) for the record.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.packaging.cell import Cell
from tests.packaging.dist import RUNTIME_DEPENDENCIES, Dist
from tests.support.server import TOKEN, ServerControls

pytestmark = pytest.mark.e2e

CELLS = [
    pytest.param(python, bounds, id=f"py{python}-{bounds}")
    for python in ("3.10", "3.12", "3.13")
    for bounds in ("lowest", "newest")
]


@pytest.mark.parametrize(("python", "bounds"), CELLS)
def test_chain_from_the_wheel(
    python: str,
    bounds: str,
    dist: Dist,
    server: ServerControls,
    engine_bin: Path,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    cell = Cell(python, dist.lowest_pins() if bounds == "lowest" else [], tmp_path)
    versions = cell.install(dist.wheel)
    for pin in cell.pins:
        name, version = pin.split("==")
        assert versions[name] == version, (name, versions[name])
    assert "fastapi" not in versions and "uvicorn" not in versions, "provider-only install"

    stack = cell.stack(server.base_url, TOKEN)
    stack.up()
    outputs = json.loads(stack.run("stack", "output", "--json", "--show-secrets").stdout)
    assert outputs["server_modules"] == []
    answer = httpx.post(
        f"{outputs['invoke_url']}predict",
        headers={"Authorization": f"Bearer {TOKEN}"},
        json={"x": 1},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text

    server.clear_requests()
    stack.run("preview", "--expect-no-changes")
    assert server.total_requests() == 0, server.request_counts()

    stack.refresh("--expect-no-changes")

    stack.up(config={"description": "second"})
    updated = json.loads(stack.run("stack", "output", "--json").stdout)
    assert updated["deployment_id"] == outputs["deployment_id"], "updated in place, not replaced"
    live = server.api("GET", f"console/deployments/{outputs['deployment_id']}/").json()
    assert live["description"] == "second"

    ids = {r["type"].rsplit(":", 1)[-1]: r["id"] for r in stack.resources()}
    assert set(ids) == {"Artifact", "Workload", "Deployment"}, ids
    stack.destroy()
    assert stack.resources() == []
    for collection, key in (
        ("console/deployments", "Deployment"),
        ("console/workloads", "Workload"),
        ("registry/artifacts", "Artifact"),
    ):
        assert server.status_of(collection, ids[key]) == 404, collection

    shown = " ".join(f"{n}=={versions[n]}" for n in RUNTIME_DEPENDENCIES)
    print(
        f"\n[matrix] python {python} {bounds}: {shown}: pass in "
        f"{time.monotonic() - started:.0f} s (install {cell.timings['install']:.0f} s)"
    )
