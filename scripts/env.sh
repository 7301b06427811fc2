# shellcheck shell=bash
# Environment for running Pulumi offline against this repo. Sourced by every script
# (and by hand: `source scripts/env.sh`); it only sets variables, so it is cheap and
# safe to source more than once. Values already set by the caller win where noted.
#
#   PATH                 .engine/bin (the pinned pulumi CLI, our Python language host,
#                        the dynamic provider launcher) and .venv/bin first.
#   PULUMI_HOME          .state/pulumi-home: plugins, credentials and workspace settings
#                        stay inside the clone and never touch ~/.pulumi.
#   PULUMI_BACKEND_URL   file://.state/backend unless already set (tests use temp dirs).
#   PULUMI_PYTHON_CMD    the venv's python: runs programs, dynamic providers and the host.
#   PULUMI_SKIP_UPDATE_CHECK / PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION
#                        no network lookups: there is no internet here.
#
# No `set -euo pipefail` here on purpose: this file is sourced, and those options would
# leak into (and could end) the caller's interactive shell. The scripts sourcing it set them.

_env_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DRW_REPO="$_env_repo"

case ":$PATH:" in
  *":$_env_repo/.engine/bin:$_env_repo/.venv/bin:"*) ;;
  *) export PATH="$_env_repo/.engine/bin:$_env_repo/.venv/bin:$PATH" ;;
esac

export PULUMI_HOME="$_env_repo/.state/pulumi-home"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$_env_repo/.state/backend}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_PYTHON_CMD="$_env_repo/.venv/bin/python"
# Only for local file-backend stacks (the state's secrets are encrypted with it). It is
# not a secret worth protecting: it guards throwaway local state. Real stacks set their own.
if [ -z "${PULUMI_CONFIG_PASSPHRASE+set}" ] && [ -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]; then
  export PULUMI_CONFIG_PASSPHRASE=local-offline-stacks
fi

mkdir -p "$PULUMI_HOME"
case "$PULUMI_BACKEND_URL" in
  file://*) mkdir -p "${PULUMI_BACKEND_URL#file://}" ;;
esac
unset _env_repo

# How many resource operations the engine runs at once (its default is 8 on this machine).
# Workload creates wait for `running`; with 8, fifty workloads wait in seven rounds. The
# provider serves up to 64 calls at once (provider/datarobot_workloads_provider/host.py).
export PULUMI_PARALLEL="${PULUMI_PARALLEL:-64}"
