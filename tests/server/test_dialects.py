"""Both dialects on one store: disjoint objects, their own error shapes, and the flag
that narrows the server to one dialect."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.server.conftest import AppFactory
from tests.server.helpers import (
    ALICE,
    Api,
    current_workload,
    expect_detail,
    expect_error,
)


def test_one_database_holds_both_dialects_objects_each_seen_only_by_its_own(
    api: Api, make_client: AppFactory, tmp_path: Path
) -> None:
    older = api.registered_workload()
    current = current_workload(api)
    # The older dialect does not see the current one's objects, and the other way round.
    expect_error(api.get(f"/registry/artifacts/{current['artifactId']}/"), 404)
    expect_error(api.get(f"/console/workloads/{current['id']}/"), 404)
    expect_detail(api.get(f"/artifacts/{older['artifactId']}"), 404)
    expect_detail(api.get(f"/workloads/{older['id']}"), 404)
    assert [item["id"] for item in api.get("/console/workloads/").json()["data"]] == [older["id"]]
    assert [item["id"] for item in api.get("/workloads").json()["data"]] == [current["id"]]
    # Invoke serves both on its one path.
    for workload in (older, current):
        reply = api.get(f"/endpoints/workloads/{workload['id']}/x")
        assert reply.status_code == 200 and reply.json()["workloadId"] == workload["id"]


def test_errors_take_the_shape_of_the_dialect_asked(api: Api) -> None:
    missing = "0123456789abcdef01234567"
    expect_error(api.get(f"/console/workloads/{missing}/"), 404)
    expect_detail(api.get(f"/workloads/{missing}"), 404)
    expect_error(api.post("/registry/artifacts/", json={"name": "a"}), 422, field="spec")
    expect_detail(api.post("/artifacts/", json={"name": "a"}), 422, loc=["body", "spec"])
    expect_detail(api.request("PUT", "/workloads"), 405)
    # Invoke of a current-dialect workload answers in its dialect's shape.
    current = current_workload(api)
    assert api.post(f"/workloads/{current['id']}/stop").status_code == 202
    expect_detail(api.get(f"/endpoints/workloads/{current['id']}/"), 503)


def test_the_dialect_flag_narrows_the_server_to_one(make_client: AppFactory) -> None:
    only_current = Api(make_client(dialects="current"), ALICE)
    assert only_current.get("/workloads").status_code == 200
    expect_detail(only_current.get("/console/workloads/"), 404)
    expect_detail(only_current.get(f"/endpoints/workloads/{'0' * 24}/"), 404)
    only_older = Api(make_client(dialects="older"), ALICE)
    assert only_older.get("/console/workloads/").status_code == 200
    expect_error(only_older.get("/workloads"), 404)
    paths = only_older.client.get("/api/v2/openapi.json").json()["paths"]
    assert not any(path.startswith("/api/v2/workloads") for path in paths)


def test_a_data_directory_of_the_first_schema_opens_as_the_older_dialect(
    make_client: AppFactory, tmp_path: Path
) -> None:
    data_dir = tmp_path / "first-schema"
    data_dir.mkdir()
    with sqlite3.connect(data_dir / "workload-api.sqlite3") as connection:
        connection.executescript(
            "CREATE TABLE artifacts (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL"
            " UNIQUE, owner TEXT NOT NULL, name TEXT NOT NULL, description TEXT, type TEXT NOT"
            " NULL, status TEXT NOT NULL, version INTEGER, registered_name TEXT, spec TEXT NOT"
            " NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, registered_at TEXT,"
            " deleted_at TEXT);"
            "INSERT INTO artifacts (id, owner, name, type, status, spec, created_at, updated_at)"
            " VALUES ('aaaaaaaaaaaaaaaaaaaaaaaa', 'alice', 'kept', 'service', 'draft',"
            ' \'{"containerGroups": [{"name": "default", "containers": [{"name": "app",'
            ' "imageUri": "r/app:1", "port": 8080, "primary": true}]}]}\','
            " '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z');"
        )
    api = Api(make_client(data_dir=data_dir), ALICE)
    assert api.get("/registry/artifacts/aaaaaaaaaaaaaaaaaaaaaaaa/").json()["name"] == "kept"
    expect_detail(api.get("/artifacts/aaaaaaaaaaaaaaaaaaaaaaaa"), 404)
