"""Entry point of the plugin: `python <this folder> <engine address> [flags]`.

The Python language host runs a plugin folder's `__main__.py` as a script (RunPlugin),
which puts this folder first on sys.path; it is removed so that module names in here
(`provider`, `wire`, ...) can never shadow top-level packages, and the provider is then
imported the ordinary way, from the installed `datarobot_workloads_provider`.
"""

import sys
from pathlib import Path

if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

from datarobot_workloads_provider.native.server import serve

if __name__ == "__main__":
    serve(sys.argv[1:])
