"""`python -m datarobot_workloads_provider.native <engine address>`: serves the provider.

Pulumi starts the plugin package through the repository's (or unpacked sdist's)
top-level `__main__.py`, which checks the environment first; this entry point serves the
provider directly, for debugging (`PULUMI_DEBUG_PROVIDERS`) or another launcher.
"""

import sys

from datarobot_workloads_provider.native.server import serve

if __name__ == "__main__":
    serve(sys.argv[1:])
