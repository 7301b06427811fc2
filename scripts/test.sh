#!/usr/bin/env bash
# The test command: set up (idempotent), lint and type-check, then every test: unit,
# local server, and end to end on the real Pulumi engine. End-to-end tests fail, never
# skip, when the engine is missing.
#
#   scripts/test.sh                  everything (what CI runs)
#   scripts/test.sh tests/provider   extra arguments go to pytest
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
case "${1:-}" in
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

"$here/setup.sh"
# shellcheck source=scripts/env.sh
source "$here/env.sh"
cd "$repo"

echo "[test] engine: $(pulumi version) ($(command -v pulumi)); SDK: pulumi $(python -c 'import importlib.metadata as m; print(m.version("pulumi"))')"
echo "[test] ruff"
ruff check .
ruff format --check .
echo "[test] mypy"
mypy
echo "[test] pytest"
exec python -m pytest -p no:cacheprovider "$@"
