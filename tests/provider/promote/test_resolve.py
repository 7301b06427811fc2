"""Resolution: what the source's state runs must be a registered version, running; what
the target's state runs must be known; the target must consume a registered version by
config."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from datarobot_workloads_provider.promote.errors import PromoteError, Refused
from datarobot_workloads_provider.promote.resolve import (
    Release,
    bind_target,
    check_identity,
    resolve_source,
    resolve_target,
    running_since,
)
from datarobot_workloads_provider.promote.stack_state import Chain

from tests.provider.promote.registry import IMAGE, Registry

URL = "http://api/endpoints/deployments/d2/"
CHAIN = Chain("model", "urn:pulumi:dev::p::x:index:Workload::model", "w2", "a2", "d2", URL)


@pytest.fixture
def registry() -> Registry:
    registry = Registry()
    registry.artifact("a1", 1)
    registry.artifact("a2", 2)
    registry.workload("w2", "a2")
    registry.deployment("d2", "w2")
    return registry


def test_the_registered_running_version_is_resolved(registry: Registry) -> None:
    run = resolve_source("dev", CHAIN, registry.api())
    assert run.release == Release("churn-model", 2, "a2", f"{IMAGE}:2")
    assert (run.workload_id, run.deployment_id, run.invoke_url) == (
        "w2",
        "d2",
        URL,
    )
    # Running since the later of the workload's creation and the version's registration.
    assert run.running_since == datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
    assert registry.writes == []


def test_a_draft_is_refused(registry: Registry) -> None:
    registry.artifact("a2", None, status="draft", tag="rc")
    with pytest.raises(Refused) as refused:
        resolve_source("dev", CHAIN, registry.api())
    assert "runs a draft of churn-model" in str(refused.value)
    assert "register it in dev" in str(refused.value)


def test_a_workload_that_is_not_running_is_refused(registry: Registry) -> None:
    registry.workload("w2", "a2", status="errored")
    with pytest.raises(Refused) as refused:
        resolve_source("dev", CHAIN, registry.api())
    assert "workload w2 is errored, not running" in str(refused.value)


def test_a_workload_running_another_artifact_is_refused(registry: Registry) -> None:
    registry.workload("w2", "a1")
    with pytest.raises(Refused) as refused:
        resolve_source("dev", CHAIN, registry.api())
    assert "runs artifact a1, not the churn-model version 2 (a2)" in str(refused.value)


def test_an_expected_version_must_be_the_one_the_source_runs(registry: Registry) -> None:
    assert resolve_source("dev", CHAIN, registry.api(), version=2).release.version == 2
    with pytest.raises(Refused) as other:
        resolve_source("dev", CHAIN, registry.api(), version=1)
    assert "dev runs churn-model version 2, not version 1" in str(other.value)
    with pytest.raises(Refused) as unknown:
        resolve_source("dev", CHAIN, registry.api(), version=7)
    assert "churn-model has no registered version 7" in str(unknown.value)
    with pytest.raises(Refused) as by_id:
        resolve_source("dev", CHAIN, registry.api(), artifact_id="a1")
    assert "not artifact a1" in str(by_id.value)


def test_a_source_running_nothing_and_vanished_objects_say_what_to_run(
    registry: Registry,
) -> None:
    with pytest.raises(Refused) as nothing:
        resolve_source("dev", None, registry.api())
    assert "dev's state holds no Workload of this package" in str(nothing.value)
    assert "pulumi up" in str(nothing.value)
    with pytest.raises(Refused) as gone:
        resolve_source("dev", replace(CHAIN, artifact_id="a9"), registry.api())
    assert "a9, which no longer exists" in str(gone.value)


def test_the_target_runs_what_its_state_names_or_is_refused(registry: Registry) -> None:
    binding = bind_target("prod", "p", {"p:artifactVersion": "9"})
    target = replace(CHAIN, workload_id="w1", artifact_id="a1")
    assert resolve_target("prod", target, registry.api(), binding) == Release(
        "churn-model", 1, "a1", f"{IMAGE}:1"
    )
    assert resolve_target("prod", None, registry.api(), binding) is None
    with pytest.raises(Refused) as unknown:
        resolve_target("prod", replace(target, artifact_id="a9"), registry.api(), binding)
    assert "cannot tell what prod runs" in str(unknown.value)
    with pytest.raises(Refused) as unnamed:
        resolve_target("prod", replace(target, artifact_id=None), registry.api(), binding)
    assert "cannot tell what prod runs" in str(unnamed.value)
    registry.artifact("a1", None, status="draft", tag="rc")
    with pytest.raises(Refused) as draft:
        resolve_target("prod", target, registry.api(), binding)
    assert "p:artifactVersion could not return to it" in str(draft.value)
    assert registry.writes == []


def test_the_target_binds_by_version_or_by_id() -> None:
    by_version = bind_target("prod", "p", {"p:artifactVersion": "1", "p:artifactName": "m"})
    release = Release("m", 3, "a3", None)
    assert (by_version.key, by_version.value_for(release)) == ("p:artifactVersion", "3")
    by_id = bind_target("prod", "p", {"p:artifactId": "a1"})
    assert (by_id.key, by_id.value_for(release)) == ("p:artifactId", "a3")


def test_a_target_that_consumes_no_registered_version_is_an_error() -> None:
    with pytest.raises(PromoteError) as owns:
        bind_target("dev", "p", {"p:image": "x:1", "p:artifactName": "m"})
    message = str(owns.value)
    assert "stack dev does not consume a registered version" in message
    assert "p:artifactVersion" in message and "builds its own artifact" in message
    with pytest.raises(PromoteError) as bad:
        bind_target("prod", "p", {"p:artifactVersion": "latest"})
    assert "'latest', not a version number" in str(bad.value)


def test_source_and_target_must_run_one_artifact_as_the_api_names_it() -> None:
    binding = bind_target("prod", "p", {"p:artifactVersion": "1", "p:artifactName": "hint"})
    release = Release("scorer", 3, "a3", None)
    check_identity("prod", binding, Release("scorer", 2, "a2", None), release)
    with pytest.raises(Refused) as other:
        check_identity("prod", binding, Release("churn", 2, "c2", None), release)
    assert "prod runs artifact 'churn', the source runs 'scorer'" in str(other.value)
    # Running nothing yet, the config's name is the only hint left.
    with pytest.raises(Refused) as hinted:
        check_identity("prod", binding, None, release)
    assert "prod's config names artifact 'hint'" in str(hinted.value)
    check_identity("prod", bind_target("prod", "p", {"p:artifactVersion": "1"}), None, release)


def test_in_the_current_dialect_a_version_runs_since_the_workloads_last_change() -> None:
    """A workload rolled over in place keeps its creation time, so that time alone would
    make a version switched in a second ago look old enough for any gate."""
    from datarobot_workloads_provider.client import models

    locked = models.Artifact.model_validate(
        {
            "id": "a2",
            "name": "churn-model",
            "status": "locked",
            "version": 2,
            "updatedAt": "2026-01-01T11:00:00Z",
            "dialect": "current",
        }
    )
    rolled = models.Workload.model_validate(
        {
            "id": "w1",
            "artifactId": "a2",
            "status": "running",
            "createdAt": "2026-01-01T09:00:00Z",
            "updatedAt": "2026-01-01T13:30:00Z",
            "dialect": "current",
        }
    )
    assert running_since(locked, rolled) == datetime(2026, 1, 1, 13, 30, tzinfo=timezone.utc)
    older = locked.model_copy(update={"dialect": "older", "registered_at": None})
    assert running_since(older, rolled) == datetime(2026, 1, 1, 9, tzinfo=timezone.utc)


def test_a_state_made_in_another_dialect_than_configured_is_refused_naming_both(
    registry: Registry,
) -> None:
    made_current = replace(CHAIN, dialect="current")
    with pytest.raises(Refused) as source:
        resolve_source("dev", made_current, registry.api())
    assert "made in the current dialect of the API, and dev is configured for the older" in str(
        source.value
    )
    binding = bind_target("prod", "p", {"p:artifactVersion": "1"})
    with pytest.raises(Refused) as target:
        resolve_target("prod", made_current, registry.api(), binding)
    assert "set its datarobot:dialect (or DATAROBOT_API_DIALECT) to current" in str(target.value)
    assert registry.writes == []
