"""When a 404 means the object is gone, and when it means the endpoint is not the API.

A refresh drops an object the API answers 404 for, and a delete takes 404 as done. An
endpoint that is not the API's base URL (`http://host:8080` without `/api/v2`, a typo in
the path) answers 404 for everything: taken at its word, a refresh would forget every
object of the stack (the next `up` creates them all a second time) and a destroy would
report them deleted. So a 404 counts as absence only when the object's collection answers.
"""

from __future__ import annotations

import httpx
import pytest
from datarobot_workloads_provider.client import NotFoundError, WorkloadApi
from datarobot_workloads_provider.client.errors import EndpointNotServingError
from datarobot_workloads_provider.lifecycle.core import ProviderError
from datarobot_workloads_provider.lifecycle.deployment import DeploymentLifecycle

from tests.support.fake_api import ENDPOINT, FakeTime, fake_api

ID = "c" * 24
EMPTY_PAGE = {"count": 0, "next": None, "previous": None, "data": []}


def api_where(collections_answer: bool) -> tuple[WorkloadApi, list[str]]:
    """Every object is missing; its collection lists (an empty page) or is missing too."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2/")
        seen.append(f"{request.method} {path}")
        if collections_answer and path.count("/") == 2:
            return httpx.Response(200, json=EMPTY_PAGE)
        return httpx.Response(404, json={"detail": "Not Found"})

    return fake_api(handler, FakeTime()), seen


def test_a_missing_object_of_a_listed_collection_is_gone() -> None:
    api, seen = api_where(collections_answer=True)
    with pytest.raises(NotFoundError):
        api.get_workload(ID)
    api.delete_workload(ID)  # gone already: done
    # The collection is asked once per client, not at every 404.
    assert seen == [
        f"GET console/workloads/{ID}/",
        "GET console/workloads/",
        f"DELETE console/workloads/{ID}/",
    ]


def test_a_404_from_an_endpoint_without_the_collections_is_not_absence() -> None:
    api, _ = api_where(collections_answer=False)
    with pytest.raises(EndpointNotServingError) as info:
        api.get_artifact(ID)
    assert not isinstance(info.value, NotFoundError)
    message = str(info.value)
    assert ENDPOINT in message
    assert "datarobot:endpoint" in message
    assert "/api/v2" in message
    with pytest.raises(EndpointNotServingError):
        api.delete_deployment(ID)


def test_a_refresh_through_such_an_endpoint_fails_instead_of_dropping_the_object() -> None:
    api, _ = api_where(collections_answer=False)
    with pytest.raises(ProviderError, match="does not serve the Workload API"):
        DeploymentLifecycle(api=api).read(ID, {"name": "d", "workload_id": "w" * 24})
