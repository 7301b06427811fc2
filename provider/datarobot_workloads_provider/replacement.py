"""Every input that forces a replacement, in one place (the diff table of design.md)."""

from __future__ import annotations

# A registered artifact is immutable: these changes need a new artifact.
ARTIFACT_REPLACE_WHEN_REGISTERED: tuple[str, ...] = ("spec", "type")
# Artifact inputs that a draft (or, for name/description, any) artifact updates in place.
ARTIFACT_IN_PLACE: tuple[str, ...] = ("name", "description", "type", "spec", "status")

# The API has no endpoint that changes a workload: these mean a new workload.
WORKLOAD_REPLACE: tuple[str, ...] = ("name", "artifact_id", "runtime")
# Start/stop, a restart onto a changed draft spec, and provider-side settings.
WORKLOAD_IN_PLACE: tuple[str, ...] = (
    "desired_status",
    "artifact_revision",
    "start_timeout_seconds",
)

DEPLOYMENT_REPLACE: tuple[str, ...] = ("workload_id",)
DEPLOYMENT_IN_PLACE: tuple[str, ...] = ("name", "description", "importance")
