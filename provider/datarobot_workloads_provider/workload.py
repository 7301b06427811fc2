"""The Workload dynamic provider: pickled into every Python stack's state by this module
path, so it stays here. Its lifecycle is `lifecycle.workload`."""

from __future__ import annotations

from .base import ApiResourceProvider, LifecycleOf


class WorkloadProvider(ApiResourceProvider):
    lifecycle_class = LifecycleOf("workload", "WorkloadLifecycle")
