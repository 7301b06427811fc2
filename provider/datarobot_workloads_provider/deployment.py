"""The Deployment dynamic provider: pickled into every Python stack's state by this module
path, so it stays here. Its lifecycle is `lifecycle.deployment`."""

from __future__ import annotations

from .base import ApiResourceProvider, LifecycleOf


class DeploymentProvider(ApiResourceProvider):
    lifecycle_class = LifecycleOf("deployment", "DeploymentLifecycle")
