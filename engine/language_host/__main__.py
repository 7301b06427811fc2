"""Entry point: ``python engine/language_host ARGS``, as engine/pulumi-language-python runs it.

Started as a folder, Python puts the folder itself first on ``sys.path``. The host's
modules import each other as the package ``language_host`` and import ``package_scan``
from beside it, so the folder's parent (``engine/``) takes that place instead. With
``python -m language_host`` the path is already right.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    if not __package__:
        sys.path[0] = str(Path(__file__).resolve().parent.parent)
    from language_host.server import main

    raise SystemExit(main(sys.argv[1:]))
