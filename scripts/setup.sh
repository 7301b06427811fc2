#!/usr/bin/env bash
# Prepares this clone for work, offline: the Python venv with the project installed, and
# the pinned Pulumi engine in .engine/bin. Idempotent: every step checks first and skips
# what is already done, so it is cheap to run before every job (a few seconds when
# nothing changed); the README commands do exactly that.
#
#   scripts/setup.sh            venv, locked deps and the project (when they changed), its
#                               bytecode, the engine, a PostgreSQL server binary (for the
#                               team-backend tests)
#   PYTHON=/path/python3.11 scripts/setup.sh   choose the interpreter for a new .venv
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="$repo/.venv"
stamp="$venv/.pyproject.sha256"

log() { printf '[setup] %s\n' "$*" >&2; }
started=$SECONDS

case "${1:-}" in
  -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) log "unknown argument: $1 (try --help)"; exit 2 ;;
esac

# 1. The venv. Development and CI use Python 3.11 (the lock is made for it); users' own
#    projects may use 3.10-3.13 (pyproject requires-python, tested by tests/packaging).
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  log ".venv exists ($("$venv/bin/python" --version))"
else
  python="${PYTHON:-python3.11}"
  command -v "$python" >/dev/null || { log "$python not found: install Python 3.11 or set PYTHON=/path/to/python3.11"; exit 1; }
  if [ -e "$venv" ]; then
    log ".venv is broken or not Python 3.11; recreating it"
    rm -rf "$venv"
  fi
  log "creating .venv with $("$python" --version) ($(command -v "$python"))"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
fi

# 2. The exact dev and CI versions (requirements/dev.lock), then the project itself,
#    editable and without resolving again; only when pyproject.toml or the lock changed
#    since the last install (or the install is gone), since pip takes seconds even with
#    nothing to do.
want="$(cat "$repo/pyproject.toml" "$repo/requirements/dev.lock" | sha256sum | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
installed() {
  "$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("pulumi_datarobot_workloads") is None)' 2>/dev/null
}
if [ "$want" = "$have" ] && installed; then
  log "project already installed for this pyproject.toml and lock (skipping pip install)"
else
  log "installing requirements/dev.lock and the project (editable; first run or they changed)"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$repo/requirements/dev.lock"
  "$venv/bin/python" -m pip install --disable-pip-version-check -q --no-deps -e "$repo"
  printf '%s\n' "$want" >"$stamp"
fi

# 2b. Bytecode for the project's own modules, as pip writes it for an installed wheel. The
#    editable install runs them from this folder, and where PYTHONDONTWRITEBYTECODE is set
#    (many containers and CI images set it) Python never saves what it compiles: every
#    program and provider process of every `pulumi` command would compile them again,
#    tens of milliseconds each that a user's installed wheel never pays. Only changed
#    files are compiled; a file edited later is compiled in memory until the next run.
"$venv/bin/python" -m compileall -q -j 0 "$repo/provider" "$repo/sdk" "$repo/server" "$repo/bench" >/dev/null \
  || log "some modules did not compile (a syntax error?); ruff and the tests will name them"

# 3. The engine (skips the Go build when the pinned version is cached).
"$here/build-engine.sh"

# 4. PostgreSQL, for the promote tests on Pulumi's PostgreSQL state backend (a team's
#    shared backend). Only the server binaries: each test run starts its own server, as
#    an unprivileged user, in a temporary folder, on a free loopback port.
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian's postgresql (server binaries for the team-backend tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends postgresql >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends postgresql >/dev/null; }
  else
    log "no PostgreSQL server in /usr/lib/postgresql: the team-backend tests need Debian's postgresql (apt-get install postgresql)"
  fi
fi

# 5. State folders used by scripts/env.sh.
# shellcheck source=scripts/env.sh
source "$here/env.sh"
log "ready in $((SECONDS - started))s: $(pulumi version) at $(command -v pulumi); check with scripts/doctor"
