"""The resource option `replace_on_changes` for the Python resources.

The engine applies the option to the keys a provider's diff reports as changed. Pulumi's
dynamic provider host reports none (only whether anything changed, and what replaces), so
for these resources the option did nothing: a named input's change stayed an update. The
SDK therefore carries the option's paths to the provider as a reserved input (its `__`
prefix keeps it out of validation, the definitions and the API), and the one diff adds
the changed inputs they name to its replacements. The plugin reports its changed keys
(a detailed diff), so there the engine applies the option itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

REPLACE_ON_CHANGES = "__replace_on_changes"
_FIRST_STEP = re.compile(r"""^\[?["']?([^."'\[\]]*)""")


def named_by(changed: Iterable[str], paths: Any) -> list[str]:
    """The changed inputs that `paths` name. `*` names every input; a nested path
    (`runtime.replica_count`, `spec.container_groups[0]`) names its top-level input, as
    the diff compares each input whole."""
    if not isinstance(paths, list | tuple):
        return []
    tops = set()
    for path in paths:
        if not isinstance(path, str):
            continue
        match = _FIRST_STEP.match(path.strip())
        tops.add(match.group(1) if match else path)
    return [key for key in changed if "*" in tops or key in tops]
