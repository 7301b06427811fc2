"""The API name of an object whose program gives none, shared by both front doors.

Derived, not random: `preview` shows the name `up` will use, the name survives updates,
and a stack names objects alike whichever language declares them.
"""

from __future__ import annotations

import hashlib


def default_api_name(project: str, stack: str, type_name: str, resource_name: str) -> str:
    seed = f"{project}/{stack}/{type_name}/{resource_name}"
    return f"{resource_name}-{hashlib.sha256(seed.encode()).hexdigest()[:7]}"
