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

# Language hosts built from wrapper modules of our own holding engine/LANG-host/main.go
# (upstream's hosts are nested modules the proxy refuses, or need a patch; see the READMEs
# there). Each is cached with a stamp: the upstream version it is built at, and a digest of
# our source, so editing main.go or bumping a version rebuilds it and nothing else does.
host_version() {
  case "$1" in
    yaml) printf '%s\n' "$YAML_HOST_VERSION" ;;    # pulumi-yaml's own release line
    nodejs) printf '%s\n' "$PULUMI_VERSION" ;;     # pkg/v3 and sdk/v3 at the CLI's version
  esac
}

host_stamp() {
  printf '%s %s\n' "$(host_version "$1")" "$(sha256sum "$repo/engine/$1-host/main.go" | cut -c1-16)"
}

host_ok() {
  [ -x "$bin/pulumi-language-$1" ] \
    && [ "$(cat "$bin/pulumi-language-$1.version" 2>/dev/null)" = "$(host_stamp "$1")" ]
}

# build_host LANG LABEL HOW_LONG VERSION_LDFLAG MODULE@VERSION...
# The clipboard replace is pkg/go.mod's, repeated as for the CLI (harmless when nothing
# links it). The version ldflag makes GetPluginInfo report the version it was built at.
build_host() {
  local lang=$1 label=$2 how_long=$3 version_flag=$4
  shift 4
  command -v go >/dev/null || { log "go is not installed: the $label language host is built from Go modules"; return 1; }
  local src="$cache/$lang-src"
  mkdir -p "$src" "$bin"
  log "building the $label language host ($how_long)"
  rm -f "$src/go.sum"
  cp "$repo/engine/$lang-host/main.go" "$src/main.go"
  cat >"$src/go.mod" <<GOMOD
module local/pulumi-$lang-host-build

go 1.26

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard $CLIPBOARD_REPLACEMENT_VERSION
GOMOD
  (
    cd "$src"
    export GOFLAGS=-mod=mod
    go get "$@"
    go mod tidy
    ( while sleep 60; do log "still compiling the $label host... $(date +%H:%M:%S)"; done ) &
    ticker=$!
    trap 'kill "$ticker" 2>/dev/null || true' EXIT
    go build -trimpath -ldflags "-X $version_flag" -o "$bin/pulumi-language-$lang.tmp" .
    mv "$bin/pulumi-language-$lang.tmp" "$bin/pulumi-language-$lang"
  )
  host_stamp "$lang" >"$bin/pulumi-language-$lang.version"
  log "built the $label language host ($(host_version "$lang"))"
}

# YAML: upstream's host plus the Link RPC `pulumi package add` needs (engine/yaml-host).
build_yaml_host() {
  build_host yaml YAML "pulumi-yaml v$YAML_HOST_VERSION; first build: 5-10 minutes on 2 cores" \
    "github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_HOST_VERSION" \
    "github.com/pulumi/pulumi-yaml@v$YAML_HOST_VERSION"
}

# Node.js: our own host on pkg/v3 (engine/nodejs-host); the CLI's Go caches make it quick.
build_nodejs_host() {
  build_host nodejs Node.js "first build: about 5 minutes on 2 cores; 30 s with warm Go caches" \
    "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION"
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

if engine_ok && host_ok yaml && host_ok nodejs; then
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
  if ! host_ok yaml; then
    build_yaml_host
  fi
  if ! host_ok nodejs; then
    build_nodejs_host
  fi
  flock -u 9
fi
# A language host copied into the cache by older versions of this script would shadow
# nothing now, but remove it so the cache only holds what the Go build produced.
rm -f "$bin/pulumi-language-python"

install_into_repo
log "ready: $dest (pulumi $("$dest/pulumi" version))"
