"""Stacks made by earlier versions keep working: every recorded state fixture comes back.

A dynamic provider is pickled into the state by module path, and the inputs in the state
carry the names of the day they were written; the plugin's resources carry its type
tokens. A redesign that moves a module or renames an input breaks every user's stack, and
no test written against the new code alone notices. So, for each fixture in `fixtures/`
(see `fixtures.py`, recorded by `record.py`): restore the server's objects, import the
state into a fresh stack, and then

- `preview` plans no change and makes no API call;
- `refresh` finds no change;
- an in-place update (the fixture says which) updates exactly what it says, IDs kept;
- `destroy` removes everything: the API lists nothing afterwards.

Never delete a fixture to make this pass: the failure is a user's broken stack.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from workload_api_server.launcher import running_server

from tests.compat.fixtures import Fixture, all_fixtures
from tests.support.engine import require_engine
from tests.support.server import ServerControls

pytestmark = pytest.mark.e2e
# Each dialect's collections, by resource kind.
COLLECTIONS = {
    "older": {
        "Artifact": "registry/artifacts",
        "Workload": "console/workloads",
        "Deployment": "console/deployments",
    },
    "current": {"Artifact": "artifacts", "Workload": "workloads"},
}


def _listed(server: ServerControls, dialect: str) -> set[str]:
    """The IDs of every object the server lists in the fixture's dialect."""
    return {
        item["id"]
        for collection in COLLECTIONS[dialect].values()
        for item in server.api("GET", f"{collection}/?limit=100").json()["data"]
    }


# Ten years: longer than any fixture has been kept.
RECORDED_AS_IT_WAS = ("--draft-ttl-seconds", str(10 * 365 * 24 * 3600))


@pytest.mark.parametrize("folder", all_fixtures(), ids=lambda folder: folder.name)
def test_recorded_stack_survives(folder: Path, tmp_path: Path) -> None:
    require_engine()
    fixture = Fixture.load(folder)
    data_dir = tmp_path / "server-data"
    fixture.restore_database(data_dir)
    # A recorded draft workload would have ended at the current dialect's time limit
    # since the fixture was made (refresh then shows it stopped); the restored server
    # lets it run as it did when recorded.
    with running_server(
        data_dir, step_seconds=0, test_controls=True, extra_args=RECORDED_AS_IT_WAS
    ) as handle:
        server = ServerControls(handle.root_url, handle.base_url)
        recorded = _listed(server, fixture.dialect)
        assert recorded, "the restored server holds nothing"
        stack = fixture.restore_stack(tmp_path, handle.root_url)
        ids = stack.ids()
        # Every object of the state is there; the current dialect also keeps the locked
        # versions a newer one replaced, in their repository (docs/architecture.md).
        if fixture.dialect == "older":
            assert set(ids.values()) == recorded
        else:
            assert set(ids.values()) <= recorded

        # Preview: nothing to do, and not a single API call to find that out.
        server.clear_requests()
        planned = stack.planned()
        assert set(planned) == set(ids)
        assert {op for op in planned.values()} == {"same"}, planned
        assert server.total_requests() == 0, server.request_counts()
        stack.run("preview", "--expect-no-changes")

        # Refresh: what the API holds is what the state says.
        stack.run("refresh", "--yes", "--skip-preview", "--expect-no-changes")
        assert server.writes() == 0, server.request_counts()
        assert stack.ids() == ids

        # An in-place update plans and does exactly what the fixture says, IDs kept.
        stack.set_config(fixture.update.config)
        changed = {name: op for name, op in stack.planned().items() if op != "same"}
        assert changed == fixture.update.expect
        stack.run("up", "--yes", "--skip-preview")
        objects = stack.objects()
        assert {name: object_id for name, (_, object_id) in objects.items()} == ids
        for name, fields in fixture.update.live.items():
            kind, object_id = objects[name]
            collection = COLLECTIONS[fixture.dialect][kind]
            live = server.api("GET", f"{collection}/{object_id}/").json()
            assert {key: live.get(key) for key in fields} == fields, name
        stack.run("preview", "--expect-no-changes")

        # Destroy: nothing is left behind.
        stack.run("destroy", "--yes", "--skip-preview")
        assert _listed(server, fixture.dialect) == set()
        assert stack.ids() == {}


def test_there_are_fixtures_of_both_front_doors() -> None:
    kinds = {Fixture.load(folder).endpoint_key.split(":")[0] for folder in all_fixtures()}
    assert kinds == {"datarobot", "datarobot-workloads"}
