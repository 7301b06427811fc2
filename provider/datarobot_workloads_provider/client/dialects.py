"""The API client of a dialect: one place that knows which adapter speaks which.

Everything that opens a client (the lifecycle's pooled one, the program's lookups) asks
here, so the configured `datarobot:dialect` reaches every caller alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .settings import OLDER, ApiSettings

if TYPE_CHECKING:
    from .api import WorkloadApi


def open_api(settings: ApiSettings) -> WorkloadApi:
    """A new client speaking `settings.dialect` (httpx loads here, on first use)."""
    from .api import WorkloadApi
    from .current import CurrentWorkloadApi

    kind = WorkloadApi if settings.dialect == OLDER else CurrentWorkloadApi
    return kind(settings)
