"""Runs the datarobot-workloads resource provider when this package is loaded as a plugin.

`pulumi package add <repo>` starts plugin packages as `python -m pulumi.run.plugin
<distribution>`, which runs this module; the provider itself lives in
`datarobot_workloads_provider.native`.
"""

import sys

from datarobot_workloads_provider.native.server import serve

serve(sys.argv[1:])
