#!/usr/bin/env bash
# The main job: set up (idempotent), start the local Workload API server (workloads run
# as local processes), `pulumi up` the quickstart example, print its outputs, and send one
# real request through the deployment's invoke URL.
#
#   scripts/quickstart.sh            run it (re-running converges: up with --refresh)
#   scripts/quickstart.sh --destroy  tear the quickstart stack down again
#   QUICKSTART_PORT=18080            the local server's port (default 18080)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
action=up
case "${1:-}" in
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  --destroy) action=destroy ;;
  "") ;;
  *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
esac

"$here/setup.sh"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

port="${QUICKSTART_PORT:-18080}"
token=local-dev-token
data="$repo/.state/quickstart-server"
log="$repo/.state/quickstart-server.log"
mkdir -p "$data"

echo "[quickstart] starting the local Workload API server (log: $log)"
workload-api serve --port "$port" --data-dir "$data" --runtime process --step-seconds 1 \
  >"$log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  grep -q "Workload API ready at" "$log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "[quickstart] the server did not start" >&2; exit 1; }
  sleep 0.2
done
endpoint="$(grep -o 'http://[^ ]*/api/v2' "$log" | head -n 1)"
[ -n "$endpoint" ] || { cat "$log"; echo "[quickstart] the server did not report ready" >&2; exit 1; }
echo "[quickstart] server ready at $endpoint"

cd "$repo/examples/quickstart"
# The example's own virtualenv, made as a user's is: `pulumi install` creates ./venv
# (Pulumi.yaml: toolchain pip, virtualenv venv) and pip-installs requirements.txt. The
# package is not on a registry here, so pip finds it in a wheel built from this checkout;
# a new wheel (the sources changed) makes a new venv.
dist="$repo/.state/dist"
sources="$(cd "$repo" && git ls-files pyproject.toml sdk provider | xargs sha256sum | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$dist/.sources" 2>/dev/null || true)" != "$sources" ] || ! ls "$dist"/*.whl >/dev/null 2>&1; then
  echo "[quickstart] building the wheel users install (python -m build --wheel)"
  rm -rf "$dist" venv
  python -m build --wheel --outdir "$dist" "$repo" >"$repo/.state/quickstart-build.log" 2>&1 \
    || { cat "$repo/.state/quickstart-build.log"; exit 1; }
  printf '%s\n' "$sources" >"$dist/.sources"
fi
if [ ! -x venv/bin/python ]; then
  echo "[quickstart] pulumi install (./venv from requirements.txt)"
  PIP_FIND_LINKS="$dist${PIP_FIND_LINKS:+ $PIP_FIND_LINKS}" pulumi install
fi
pulumi stack select --create quickstart >/dev/null
pulumi config set datarobot:endpoint "$endpoint"
pulumi config set --secret datarobot:apikey "$token"

if [ "$action" = destroy ]; then
  pulumi destroy --yes --skip-preview
  exit 0
fi

# --refresh: after a restart of the local server, workloads it ran as processes must be
# started again; refresh sees that, and up converges.
pulumi up --yes --skip-preview --refresh
echo
echo "[quickstart] stack outputs:"
pulumi stack output --json
invoke_url="$(pulumi stack output invoke_url)"
echo
echo "[quickstart] POST ${invoke_url}hello"
response="$(curl -sS --fail-with-body -X POST -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"question": "are you there?"}' "${invoke_url}hello")"
echo "$response"
echo "$response" | grep -q '"greeting"' || { echo "[quickstart] unexpected answer" >&2; exit 1; }
echo
echo "[quickstart] done. The deployment answered through its invoke URL."
echo "[quickstart] tear down with: scripts/quickstart.sh --destroy"
