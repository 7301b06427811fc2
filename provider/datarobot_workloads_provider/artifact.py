"""The Artifact dynamic provider: pickled into every Python stack's state by this module
path, so it stays here. Its lifecycle is `lifecycle.artifact`."""

from __future__ import annotations

from .base import ApiResourceProvider, LifecycleOf


class ArtifactProvider(ApiResourceProvider):
    lifecycle_class = LifecycleOf("artifact", "ArtifactLifecycle")
