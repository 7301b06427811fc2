#!/usr/bin/env bash
# Builds the Pulumi CLI from its Go modules (no internet needed: the Go module proxy only)
# and installs it, with this project's Python language host, into the repo's ignored
# .engine/bin. Safe to re-run: when the right version is already built it only refreshes
# .engine/bin, which takes well under a second.
#
#   scripts/build-engine.sh            build if needed, then refresh .engine/bin
#   scripts/build-engine.sh --rebuild  throw away the cached build of this version first
#
# Layout and why:
#   $cache/vX.Y.Z/bin   the Go build, per user and keyed by version, outside the clone,
#                       so a fresh clone on the same machine (CI) reuses it in seconds.
#   .engine/bin         a real folder: `pulumi` hard-linked (or copied) from the cache,
#                       symlinks to the cached pulumi-language-python-exec and
#                       pulumi-resource-pulumi-python, and a symlink to the repo's own
#                       engine/pulumi-language-python. The engine looks for "bundled"
#                       plugins beside the real path of its own binary and for "ambient"
#                       ones on PATH, and warns when the two differ; with `pulumi` itself
#                       living in .engine/bin (not a symlink into the cache) both lookups
#                       land on the same files, and edits under engine/ take effect at once.
#   $cache/vX.Y.Z/bin/pulumi-language-yaml
#                       the YAML language host (programs with `runtime: yaml`, used by the
#                       plugin tests), built from the pulumi/pulumi-yaml Go module in a
#                       wrapper module of its own (see build_yaml_host), symlinked into
#                       .engine/bin like the Python scripts.
#   $cache/vX.Y.Z/bin/pulumi-language-nodejs
#                       the Node.js (TypeScript) language host: engine/nodejs-host/main.go
#                       built against pkg/v3 and sdk/v3 at the CLI's version in a module of
#                       its own (see build_nodejs_host), symlinked into .engine/bin too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=scripts/versions.sh
source "$here/versions.sh"

cache_root="${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-datarobot-workloads/engine}"
cache="$cache_root/v$PULUMI_VERSION"
bin="$cache/bin"
dest="$repo/.engine/bin"

log() { printf '[engine] %s\n' "$*" >&2; }

# The YAML language host. pulumi-yaml v1.25.0 (the newest the Go module proxy serves
# besides v1.11.1) is written against pkg/v3 v3.206.0, whose Go API differs from v3.260's
# (schema.NewPluginLoader, plugin.NewContextWithRoot changed), so it cannot be compiled at
# the CLI's version; it is built at the versions its own go.mod requires. A language host
# talks to the engine only over gRPC (proto/pulumi/language.proto), so an older one is
# fine. The stamp file records the version, so a bump rebuilds it.
YAML_HOST_VERSION="$PULUMI_YAML_VERSION"

rebuild=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) rebuild=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) log "unknown argument: $arg (try --help)"; exit 2 ;;
  esac
done

engine_ok() {
  [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-resource-pulumi-python" ] \
    && [ -f "$bin/pulumi-language-python-exec" ] \
    && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]
}

build() {
  command -v go >/dev/null || { log "go is not installed: the engine is built from Go modules (apt-get install golang, or a Go >= 1.26 tarball)"; return 1; }
  mkdir -p "$bin" "$cache/src"
  local src="$cache/src"
  log "building Pulumi CLI v$PULUMI_VERSION from the Go module proxy (first build: 10-25 minutes on 2 cores)"
  # Our own module: pkg/v3's go.mod replaces sdk/v3 with a relative path, so `go install
  # pkg/v3/cmd/pulumi@vX` is refused; requiring both at the same version and repeating
  # pkg/go.mod's non-local replace directive builds the same CLI.
  cat >"$src/go.mod" <<GOMOD
module local/pulumi-engine-build

go 1.26

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard $CLIPBOARD_REPLACEMENT_VERSION
GOMOD
  (
    cd "$src"
    export GOFLAGS=-mod=mod
    log "resolving modules (go get)"
    go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
    # The version is stamped like release builds do; without it the Automation API
    # refuses the CLI.
    ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
    log "compiling the CLI (progress: one line per minute)"
    ( while sleep 60; do log "still compiling... $(date +%H:%M:%S)"; done ) &
    ticker=$!
    trap 'kill "$ticker" 2>/dev/null || true' EXIT
    go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    mv "$bin/pulumi.tmp" "$bin/pulumi"
  )
  # Two small non-Go pieces ship inside the sdk/v3 module: the runner our language host
  # starts programs with, and the launcher of the Python dynamic provider.
  local sdkdir
  sdkdir="$(cd "$src" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' "github.com/pulumi/pulumi/sdk/v3")"
  install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
  install -m 0755 "$sdkdir/python/dist/pulumi-resource-pulumi-python" "$bin/pulumi-resource-pulumi-python"
  log "built: $("$bin/pulumi" version)"
}

# What the cached YAML host was built from: upstream's version and our wrapper's source.
yaml_host_stamp() {
  printf '%s %s\n' "$YAML_HOST_VERSION" "$(sha256sum "$repo/engine/yaml-host/main.go" | cut -c1-16)"
}

yaml_host_ok() {
  [ -x "$bin/pulumi-language-yaml" ] \
    && [ "$(cat "$bin/pulumi-language-yaml.version" 2>/dev/null)" = "$(yaml_host_stamp)" ]
}

build_yaml_host() {
  command -v go >/dev/null || { log "go is not installed: the YAML language host is built from Go modules"; return 1; }
  local src="$cache/yaml-src"
  mkdir -p "$src" "$bin"
  log "building the YAML language host (pulumi-yaml v$YAML_HOST_VERSION; first build: 5-10 minutes on 2 cores)"
  # Our own module, like the CLI's, holding engine/yaml-host/main.go: upstream's host plus
  # the Link RPC that `pulumi package add` needs (see that file). The clipboard replace
  # is pkg/go.mod's, repeated as for the CLI (harmless when nothing links it).
  rm -f "$src/go.sum"
  cp "$repo/engine/yaml-host/main.go" "$src/main.go"
  cat >"$src/go.mod" <<GOMOD
module local/pulumi-yaml-host-build

go 1.26

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard $CLIPBOARD_REPLACEMENT_VERSION
GOMOD
  (
    cd "$src"
    export GOFLAGS=-mod=mod
    go get "github.com/pulumi/pulumi-yaml@v$YAML_HOST_VERSION"
    go mod tidy
    ( while sleep 60; do log "still compiling the YAML host... $(date +%H:%M:%S)"; done ) &
    ticker=$!
    trap 'kill "$ticker" 2>/dev/null || true' EXIT
    go build -trimpath \
      -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_HOST_VERSION" \
      -o "$bin/pulumi-language-yaml.tmp" .
    mv "$bin/pulumi-language-yaml.tmp" "$bin/pulumi-language-yaml"
  )
  yaml_host_stamp >"$bin/pulumi-language-yaml.version"
  log "built the YAML language host v$YAML_HOST_VERSION"
}

# What the cached Node.js host was built from: the Pulumi version and our source.
nodejs_host_stamp() {
  printf '%s %s\n' "$PULUMI_VERSION" "$(sha256sum "$repo/engine/nodejs-host/main.go" | cut -c1-16)"
}

nodejs_host_ok() {
  [ -x "$bin/pulumi-language-nodejs" ] \
    && [ "$(cat "$bin/pulumi-language-nodejs.version" 2>/dev/null)" = "$(nodejs_host_stamp)" ]
}

build_nodejs_host() {
  command -v go >/dev/null || { log "go is not installed: the Node.js language host is built from Go modules"; return 1; }
  local src="$cache/nodejs-src"
  mkdir -p "$src" "$bin"
  log "building the Node.js language host (first build: about 5 minutes on 2 cores; 30 s with warm Go caches)"
  # Our own module holding engine/nodejs-host/main.go (upstream's host is a nested module
  # the proxy refuses; see engine/nodejs-host/README.md). It needs only pkg/v3 and sdk/v3,
  # at the CLI's version, so the Go caches the CLI build filled make this quick; the
  # clipboard replace is pkg/go.mod's, repeated as for the CLI.
  rm -f "$src/go.sum"
  cp "$repo/engine/nodejs-host/main.go" "$src/main.go"
  cat >"$src/go.mod" <<GOMOD
module local/pulumi-nodejs-host-build

go 1.26

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard $CLIPBOARD_REPLACEMENT_VERSION
GOMOD
  (
    cd "$src"
    export GOFLAGS=-mod=mod
    go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
    go mod tidy
    ( while sleep 60; do log "still compiling the Node.js host... $(date +%H:%M:%S)"; done ) &
    ticker=$!
    trap 'kill "$ticker" 2>/dev/null || true' EXIT
    # Stamped like the CLI: GetPluginInfo reports the SDK version it was built against.
    go build -trimpath \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$bin/pulumi-language-nodejs.tmp" .
    mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
  )
  nodejs_host_stamp >"$bin/pulumi-language-nodejs.version"
  log "built the Node.js language host"
}

# Refreshes .engine/bin from the cache and the repo. Runs on every invocation.
install_into_repo() {
  if [ -L "$dest" ]; then
    rm -f "$dest"          # older layout: .engine/bin was a symlink to the cache
  fi
  mkdir -p "$dest"
  local stamp="$repo/.engine/pulumi.source"
  local want
  want="$bin/pulumi $(stat -c '%s %Y' "$bin/pulumi")"
  if ! [ "$bin/pulumi" -ef "$dest/pulumi" ] && ! { [ -x "$dest/pulumi" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; }; then
    if ln -f "$bin/pulumi" "$dest/pulumi.new" 2>/dev/null; then
      log "linked pulumi into $dest"
    else
      log "copying pulumi into $dest (the cache is on another filesystem)"
      cp "$bin/pulumi" "$dest/pulumi.new"
    fi
    mv -f "$dest/pulumi.new" "$dest/pulumi"
    printf '%s\n' "$want" >"$stamp"
  fi
  ln -sfn "$bin/pulumi-language-python-exec" "$dest/pulumi-language-python-exec"
  ln -sfn "$bin/pulumi-resource-pulumi-python" "$dest/pulumi-resource-pulumi-python"
  ln -sfn "../../engine/pulumi-language-python" "$dest/pulumi-language-python"
  if [ -x "$bin/pulumi-language-yaml" ]; then
    ln -sfn "$bin/pulumi-language-yaml" "$dest/pulumi-language-yaml"
  fi
  if [ -x "$bin/pulumi-language-nodejs" ]; then
    ln -sfn "$bin/pulumi-language-nodejs" "$dest/pulumi-language-nodejs"
  fi
  chmod +x "$repo/engine/pulumi-language-python"
  # Anything else in .engine/bin is left over from an older layout.
  local entry
  for entry in "$dest"/* "$dest"/.[!.]*; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    case "$(basename "$entry")" in
      pulumi|pulumi-language-python|pulumi-language-python-exec|pulumi-resource-pulumi-python) ;;
      pulumi-language-yaml|pulumi-language-nodejs) ;;
      *) rm -f "$entry" ;;
    esac
  done
}

mkdir -p "$cache_root"
if [ "$rebuild" = 1 ]; then
  log "--rebuild: removing the cached build of v$PULUMI_VERSION"
  rm -rf "$bin"
fi

if engine_ok && yaml_host_ok && nodejs_host_ok; then
  log "Pulumi v$PULUMI_VERSION already built in $bin (skipping build)"
else
  # One build at a time per machine: setup.sh may run from several shells (tests, main job).
  exec 9>"$cache_root/.build.lock"
  if ! flock -n 9; then
    log "another build of the engine is running; waiting for it"
    flock 9
  fi
  if engine_ok; then
    log "Pulumi v$PULUMI_VERSION is built in $bin"
  else
    build
  fi
  if ! yaml_host_ok; then
    build_yaml_host
  fi
  if ! nodejs_host_ok; then
    build_nodejs_host
  fi
  flock -u 9
fi
# A language host copied into the cache by older versions of this script would shadow
# nothing now, but remove it so the cache only holds what the Go build produced.
rm -f "$bin/pulumi-language-python"

install_into_repo
log "ready: $dest (pulumi $("$dest/pulumi" version))"
