"""Every input that forces a replacement, derived from the resource definitions.

Kept for readers who look for the keys by name; the rules themselves are the `change` of
each input in `definitions` (docs/architecture.md, "The diff table").
"""

from __future__ import annotations

from .definitions import ARTIFACT, DEPLOYMENT, WORKLOAD

# A registered artifact is immutable: these changes need a new artifact.
ARTIFACT_REPLACE_WHEN_REGISTERED = ARTIFACT.keys("replace_when_registered")
# Artifact inputs that a draft (or, for name/description, any) artifact updates in place.
ARTIFACT_IN_PLACE = ARTIFACT.keys("in_place", "replace_when_registered")

# The API has no endpoint that changes a workload: these mean a new workload.
WORKLOAD_REPLACE = WORKLOAD.keys("replace")
# Start/stop, a restart onto a changed draft spec, and provider-side settings.
WORKLOAD_IN_PLACE = WORKLOAD.keys("in_place")

DEPLOYMENT_REPLACE = DEPLOYMENT.keys("replace")
DEPLOYMENT_IN_PLACE = DEPLOYMENT.keys("in_place")
