"""The datarobot-workloads resource provider for programs in every Pulumi language.

The same three resources as the Python dynamic resources (`pulumi_datarobot_workloads`),
served as a real provider plugin: a schema (generated SDKs through `pulumi package add`)
and check/diff/create/read/update/delete/configure that call the very same lifecycle
classes. This folder is the plugin: its PulumiPlugin.yaml says how to run it.
"""

from .package_schema import PACKAGE, VERSION, build_schema, schema_json
from .provider import WorkloadsProvider

__all__ = ["PACKAGE", "VERSION", "WorkloadsProvider", "build_schema", "schema_json"]
