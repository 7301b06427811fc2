"""Engine smoke program: one Noop, one plain and one secret config value.

Config: ``value`` (required) flows into the Noop and back out as an output; ``token``
(secret) is exported so tests can check it stays secret in outputs and state; ``fail``
(bool) makes the program raise, to check that a Python exception fails ``pulumi up``
with its traceback.
"""

import pulumi
from pulumi_datarobot_workloads.diagnostics import Noop

config = pulumi.Config()
if config.get_bool("fail"):
    raise RuntimeError("smoke program failed on purpose (config fail=true)")

probe = Noop("probe", value=config.require("value"))
pulumi.export("value", probe.value)
pulumi.export("probe_id", probe.id)
pulumi.export("token", config.require_secret("token"))
