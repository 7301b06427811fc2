"""The API name of an object whose program gives none, shared by both front doors.

Derived, not random: `preview` shows the name `up` will use, the name survives updates,
and a stack names objects alike whichever language declares them. Once an object exists
it keeps its name (`kept_name`), whatever later changes the derivation's parts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

# The Python SDK's mark on a name it derived because the program gave none. Only the
# dynamic provider's check reads it (the plugin derives names from the URN itself), and
# it removes it: the state never holds it.
DERIVED_NAME_MARK = "__name_derived"
# The root of every stack: a resource under it is at the top level.
STACK_TYPE = "pulumi:pulumi:Stack"


def default_api_name(
    project: str, stack: str, type_name: str, resource_name: str, parent_type: str = ""
) -> str:
    """`parent_type`: the type of the resource's parent (a component's, `acme:web:Team`),
    empty at the top level. Two resources of one name under components of different
    types have different URNs, so they get different names; without it they shared one
    (and, in the current dialect, an artifact repository). A top-level resource's name is
    what it always was, and an object already made keeps its name however it was derived
    (`kept_name`)."""
    scope = "" if parent_type in ("", STACK_TYPE) else f"{parent_type}/"
    seed = f"{project}/{stack}/{scope}{type_name}/{resource_name}"
    return f"{resource_name}-{hashlib.sha256(seed.encode()).hexdigest()[:7]}"


def parent_type_of(urn: str) -> str:
    """The type of a resource's parent, from the resource's own URN (`A$B$type`: `B`)."""
    parts = urn.split("::")
    qualified = parts[2] if len(parts) > 3 else ""
    chain = qualified.split("$")
    return chain[-2] if len(chain) > 1 else ""


def kept_name(olds: Mapping[str, Any], derived: str) -> str:
    """The name of an object whose program gives none: the one it already has (`olds`,
    the state's inputs), else `derived`. A URN changed by resource options (a new parent,
    a rename by alias) would change the derived name, and a new name is an update, or in
    the older dialect a workload's replacement: what an alias promises not to do."""
    old = olds.get("name")
    return old if isinstance(old, str) and old else derived
