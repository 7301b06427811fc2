"""The plugin package's name, written once.

It is the first part of every resource token YAML and TypeScript programs use
(`datarobot-workloads:index:Workload`) and the namespace of the plugin's own config keys
(`datarobot-workloads:endpoint`). The plugin's schema and settings name it, and so does
`promote`, which reads plugin stacks' config. This module imports nothing: `promote` must
not load the plugin (and with it pydantic) just to learn a name.
"""

PACKAGE = "datarobot-workloads"
