"""Starts the datarobot-workloads plugin: `python <this folder> <engine address>`.

Pulumi's Python host runs a plugin folder that has a `__main__.py` as a script, in the
plugin's virtualenv (PulumiPlugin.yaml). Only the standard library is used until the
environment is known to be complete, so that a wrong interpreter or a half-installed
venv ends with one message saying what to run, not with an import traceback that Pulumi
reports as a bug in the provider.
"""

import sys
from pathlib import Path
from typing import NoReturn

HERE = Path(__file__).resolve().parent
SUPPORTED = ((3, 10), (3, 13))
# This folder holds `provider/`, `sdk/` and `server/`, not the installed packages; it is
# dropped from the import path so nothing in it can shadow them.
if sys.path and Path(sys.path[0]).resolve() == HERE:
    del sys.path[0]


def _fail(problem: str) -> NoReturn:
    # Only a virtualenv is offered for deletion, never a base installation.
    venv = sys.prefix if sys.prefix != sys.base_prefix else "the plugin's virtualenv"
    sys.stderr.write(
        f"datarobot-workloads plugin: {problem}\n"
        f"  plugin folder: {HERE}\n"
        f"  interpreter:   {sys.executable} (Python {sys.version.split()[0]})\n"
        "Install the plugin into its virtualenv, then run the Pulumi command again:\n"
        f"  {sys.executable} -m pip install {HERE}\n"
        f"or, with toolchain: uv in PulumiPlugin.yaml:  cd {HERE} && uv sync\n"
        f"or start over: delete {venv} and run `pulumi install` (or `pulumi package add` "
        "again) with a python3 of version 3.10-3.13 first on PATH.\n"
    )
    raise SystemExit(1)


def main() -> None:
    low, high = SUPPORTED
    if not low <= sys.version_info[:2] <= high:
        _fail(
            f"Python {sys.version_info[0]}.{sys.version_info[1]} is not supported "
            f"(supported: {low[0]}.{low[1]}-{high[0]}.{high[1]})."
        )
    try:
        from datarobot_workloads_provider.native.server import serve
    except ImportError as error:
        missing = error.name or str(error)
        _fail(f"its virtualenv lacks the module {missing!r} (the plugin is not installed).")
    serve(sys.argv[1:])


if __name__ == "__main__":
    main()
