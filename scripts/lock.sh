#!/usr/bin/env bash
# Rewrites requirements/dev.lock, the exact versions that setup and CI install, from the
# ranges in pyproject.toml. The library itself declares ranges (users bring their own
# pulumi, httpx and pydantic); the lock keeps development and CI repeatable.
#
#   scripts/lock.sh                          keep every pin that still fits the ranges
#   scripts/lock.sh --upgrade-package ruff   move one package to its newest version
#   scripts/lock.sh --upgrade                move everything (then bump scripts/versions.sh
#                                            to the locked pulumi, so the engine matches)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
case "${1:-}" in
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
# shellcheck source=scripts/versions.sh
source "$here/versions.sh"
uv="$repo/.venv/bin/uv"
[ -x "$uv" ] || uv="$(command -v uv || true)"
[ -n "$uv" ] || { echo "[lock] uv not found: run scripts/setup.sh first" >&2; exit 1; }

cd "$repo"
# --system-certs: the system's CA store, as pip uses, for registries behind a proxy's CA.
"$uv" pip compile --system-certs pyproject.toml --extra dev --python-version 3.11 \
  --no-emit-package pulumi-datarobot-workloads \
  --custom-compile-command scripts/lock.sh \
  -o requirements/dev.lock "$@"

locked="$(sed -n 's/^pulumi==\([0-9.]*\).*/\1/p' requirements/dev.lock)"
if [ "$locked" != "$PULUMI_VERSION" ]; then
  echo "[lock] the lock has pulumi $locked but scripts/versions.sh builds the engine at $PULUMI_VERSION: set PULUMI_VERSION=$locked there (the SDK and the engine move together)" >&2
  exit 1
fi
