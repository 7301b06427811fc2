"""Lookups by name and version in the current dialect: versions count per artifact
repository, so a name's versions are those of the repository its newest artifact is in,
where the `Artifact` resource adds the next one."""

from __future__ import annotations

import pytest
from datarobot_workloads_provider.lookups import LookupFailed, get_artifact

from tests.support.fake_api import FakeTime
from tests.support.fake_current import FakeCurrentApi


def test_a_version_is_looked_up_in_the_repository_of_the_names_newest_artifact() -> None:
    fake = FakeCurrentApi(FakeTime())
    # Another repository, made elsewhere, holds the same name: its versions start at 1 too.
    elsewhere = fake.add_artifact("churn-model", "locked")
    first = fake.add_artifact("churn-model", "locked")
    line = fake.artifacts[first]["artifactRepositoryId"]
    second = fake.add_artifact("churn-model", "locked", repository=line)
    fake.add_artifact("churn-model", "draft", repository=line)  # the next one, in the works
    api = fake.api()

    found = get_artifact(api, name="churn-model", version=1)
    assert (found.id, found.status, found.version, found.repository_id) == (
        first,
        "locked",
        1,
        line,
    )
    assert get_artifact(api, name="churn-model", version=2).id == second
    assert get_artifact(api, name="churn-model", latest_registered=True).id == second
    assert get_artifact(api, id=elsewhere).version == 1  # still reachable by its ID
    with pytest.raises(LookupFailed, match="no artifact named 'churn-model' at version 3"):
        get_artifact(api, name="churn-model", version=3)
    with pytest.raises(LookupFailed, match="no artifact named 'other'"):
        get_artifact(api, name="other", version=1)


def test_the_newest_artifact_is_found_when_the_list_ignores_its_order() -> None:
    """The default list order is an open question of the current dialect: an API that
    ignores `orderBy` and lists oldest first must not send a name's next version (or
    its lookups) to the oldest repository of that name."""
    fake = FakeCurrentApi(FakeTime())
    elsewhere = fake.add_artifact("churn-model", "locked")
    newest = fake.add_artifact("churn-model", "locked")
    fake.artifacts[elsewhere]["createdAt"] = "2026-01-01T00:00:00+00:00"
    fake.artifacts[newest]["createdAt"] = "2026-06-01T00:00:00+00:00"
    fake.list_oldest_first = True
    assert get_artifact(fake.api(), name="churn-model", version=1).id == newest
