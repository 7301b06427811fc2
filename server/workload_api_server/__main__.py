"""The `workload-api` command, also as `python -m workload_api_server`.

The server's libraries (FastAPI, uvicorn...) come with the `server` extra, not with the
provider: a plain `pip install pulumi-datarobot-workloads` has this module but not what it
runs on. So the command checks for them first and says how to get them, instead of
failing with an import traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence

SERVER_LIBRARIES = ("fastapi", "starlette", "uvicorn", "httptools", "uvloop")
INSTALL_HINT = "pip install 'pulumi-datarobot-workloads[server]'"


def missing_libraries() -> list[str]:
    return [name for name in SERVER_LIBRARIES if importlib.util.find_spec(name) is None]


def main(argv: Sequence[str] | None = None) -> int:
    missing = missing_libraries()
    if missing:
        print(
            f"workload-api: the local Workload API server needs {', '.join(missing)}, which "
            f"are not installed.\nThey come with the package's `server` extra: {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 2
    from workload_api_server.command.cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
