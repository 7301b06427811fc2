# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by its callers
# Pinned versions, read by the setup scripts. The engine and the Python SDK move together
# (requirements/dev.lock pins pulumi==$PULUMI_VERSION; scripts/lock.sh and scripts/doctor
# check that they agree).
PULUMI_VERSION=3.260.0
# pkg/go.mod's only non-local replace directive at that version; rechecked on every bump.
CLIPBOARD_REPLACEMENT_VERSION=v0.0.0-20241001131231-d02d263e614e
# The YAML language host (pulumi-yaml); it talks to the engine over gRPC only.
PULUMI_YAML_VERSION="${PULUMI_YAML_VERSION:-1.25.0}"
