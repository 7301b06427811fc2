"""The datarobot-workloads resource provider for programs in every Pulumi language.

The same three resources as the Python dynamic resources (`pulumi_datarobot_workloads`),
served as a real provider plugin: a schema (generated SDKs through `pulumi package add`)
and check/diff/create/read/update/delete/configure that call the very same lifecycle
classes. The plugin package is the project's top-level folder (PulumiPlugin.yaml and
__main__.py there say how Pulumi installs and runs it); this package is what it serves.
"""

from ..package_name import PACKAGE
from .package_schema import VERSION, build_schema, schema_json
from .provider import WorkloadsProvider

__all__ = ["PACKAGE", "VERSION", "WorkloadsProvider", "build_schema", "schema_json"]
