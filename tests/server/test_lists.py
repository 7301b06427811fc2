"""The list contract shared by the three collections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.server.helpers import Api, FakeClock, artifact_body, expect_error

Maker = Callable[[Api, str], dict[str, Any]]


def _artifact(api: Api, name: str) -> dict[str, Any]:
    return api.artifact(name=name)


def _workload(api: Api, name: str) -> dict[str, Any]:
    return api.workload(artifact=artifact_body(), name=name)


def _deployment(api: Api, name: str) -> dict[str, Any]:
    return api.deployment(name=name)


COLLECTIONS: list[tuple[str, Maker]] = [
    ("/registry/artifacts/", _artifact),
    ("/console/workloads/", _workload),
    ("/console/deployments/", _deployment),
]
IDS = ["artifacts", "workloads", "deployments"]


@pytest.fixture(params=COLLECTIONS, ids=IDS)
def collection(request: pytest.FixtureRequest) -> tuple[str, Maker]:
    return request.param  # type: ignore[no-any-return]


def _names(page: dict[str, Any]) -> list[str]:
    return [item["name"] for item in page["data"]]


def test_envelope_and_default_order(
    timed_api: Api, clock: FakeClock, collection: tuple[str, Maker]
) -> None:
    path, make = collection
    for name in ("first", "second", "third"):
        make(timed_api, name)
        clock.advance(1)
    page = timed_api.get(path).json()
    assert set(page) == {"count", "next", "previous", "data", "totalCount"}
    assert (page["count"], page["totalCount"], page["next"], page["previous"]) == (3, 3, None, None)
    assert _names(page) == ["third", "second", "first"]


def test_sorting(timed_api: Api, clock: FakeClock, collection: tuple[str, Maker]) -> None:
    path, make = collection
    for name in ("b", "B", "a", "A"):
        make(timed_api, name)
        clock.advance(1)
    assert _names(timed_api.get(f"{path}?sort=name").json()) == ["A", "B", "a", "b"]
    assert _names(timed_api.get(f"{path}?sort=-name").json()) == ["b", "a", "B", "A"]
    assert _names(timed_api.get(f"{path}?sort=createdAt").json()) == ["b", "B", "a", "A"]
    assert _names(timed_api.get(f"{path}?sort=updatedAt").json()) == ["b", "B", "a", "A"]
    assert _names(timed_api.get(f"{path}?sort=-updatedAt").json()) == ["A", "a", "B", "b"]


def test_ties_keep_creation_order(
    timed_api: Api, clock: FakeClock, collection: tuple[str, Maker]
) -> None:
    path, make = collection
    for name in ("x1", "x2", "x3"):
        make(timed_api, name)  # the fake clock stands still: equal timestamps
    assert _names(timed_api.get(f"{path}?sort=-createdAt").json()) == ["x1", "x2", "x3"]
    timed_api.post(path, json={})  # a failed write changes nothing
    assert _names(timed_api.get(f"{path}?sort=createdAt").json()) == ["x1", "x2", "x3"]


def test_updated_at_sort_follows_writes(timed_api: Api, clock: FakeClock) -> None:
    first, second = timed_api.artifact(name="first"), timed_api.artifact(name="second")
    clock.advance(1)
    timed_api.patch(f"/registry/artifacts/{first['id']}/", json={"description": "touched"})
    page = timed_api.get("/registry/artifacts/?sort=-updatedAt").json()
    assert _names(page) == ["first", "second"]
    assert second["id"] != first["id"]


def test_search_is_case_insensitive_substring(api: Api, collection: tuple[str, Maker]) -> None:
    path, make = collection
    for name in ("Alpha-Model", "beta", "ALPHABET", "Ünïcode"):
        make(api, name)
    assert sorted(_names(api.get(f"{path}?search=alpha").json())) == ["ALPHABET", "Alpha-Model"]
    assert _names(api.get(f"{path}?search=ünï").json()) == ["Ünïcode"]
    assert api.get(f"{path}?search=zzz").json()["totalCount"] == 0
    assert api.get(f"{path}?search=").json()["totalCount"] == 4


def test_ids_filter(api: Api, collection: tuple[str, Maker]) -> None:
    path, make = collection
    a, b, c = (make(api, name)["id"] for name in ("a", "b", "c"))
    repeated = api.get(f"{path}?ids={a}&ids={c}&sort=name").json()
    assert _names(repeated) == ["a", "c"]
    commas = api.get(f"{path}?ids={a},{b}&sort=name").json()
    assert _names(commas) == ["a", "b"]
    assert api.get(f"{path}?ids=not-an-id").json()["totalCount"] == 0
    assert _names(api.get(f"{path}?ids=nope,{b}").json()) == ["b"]


def test_paging_links(api: Api, collection: tuple[str, Maker]) -> None:
    path, make = collection
    for index in range(5):
        make(api, f"n{index}")
    page = api.get(f"{path}?limit=2&sort=name&search=n&unknown=kept").json()
    assert (_names(page), page["count"], page["totalCount"]) == (["n0", "n1"], 2, 5)
    assert page["previous"] is None
    link = urlsplit(page["next"])
    assert f"{link.scheme}://{link.netloc}" == "http://testserver"
    assert link.path == f"/api/v2{path}"
    assert parse_qs(link.query) == {
        "limit": ["2"],
        "sort": ["name"],
        "search": ["n"],
        "unknown": ["kept"],
        "offset": ["2"],
    }
    second = api.get(page["next"]).json()
    assert _names(second) == ["n2", "n3"]
    assert parse_qs(urlsplit(second["previous"]).query)["offset"] == ["0"]
    last = api.get(second["next"]).json()
    assert _names(last) == ["n4"] and last["next"] is None
    assert parse_qs(urlsplit(last["previous"]).query)["offset"] == ["2"]


def test_offset_past_the_end(api: Api, collection: tuple[str, Maker]) -> None:
    path, make = collection
    make(api, "only")
    page = api.get(f"{path}?offset=10&limit=3").json()
    assert (page["count"], page["totalCount"], page["next"]) == (0, 1, None)
    assert parse_qs(urlsplit(page["previous"]).query)["offset"] == ["7"]


def test_default_and_maximum_limit(api: Api) -> None:
    for index in range(101):
        api.artifact(name=f"a{index}")
    page = api.get("/registry/artifacts/").json()
    assert (page["count"], page["totalCount"]) == (100, 101)
    assert page["next"] is not None
    assert api.get("/registry/artifacts/?limit=100").json()["count"] == 100


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("limit=1.5", "limit"),
        ("limit=", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("sort=size", "sort"),
        ("sort=", "sort"),
        ("sort=--name", "sort"),
    ],
)
def test_invalid_queries_are_422(
    api: Api, collection: tuple[str, Maker], query: str, field: str
) -> None:
    expect_error(api.get(f"{collection[0]}?{query}"), 422, field=field)


def test_unknown_parameters_are_ignored(api: Api, collection: tuple[str, Maker]) -> None:
    assert api.get(f"{collection[0]}?page=3&foo").status_code == 200


def test_deleted_objects_never_appear(api: Api, collection: tuple[str, Maker]) -> None:
    path, make = collection
    gone = make(api, "gone")
    assert api.delete(f"{path}{gone['id']}/").status_code == 204
    assert api.get(f"{path}?ids={gone['id']}").json()["totalCount"] == 0
