#!/usr/bin/env bash
# Builds SeaweedFS 4.53 (S3-compatible object store; conditional writes are atomic from 4.18 on) from the Go
# module proxy into .cache/bin/weed. Idempotent: skips when the binary of the pinned version is already there.
# `go install pkg@version` refuses this module (its go.mod has replace directives), so the module source is
# downloaded through the proxy and built in a writable copy, where its own go.mod applies.
# Tests run it as `weed mini -dir=<tmp> -s3.port=<free port> ...` on 127.0.0.1.
set -euo pipefail

version='v0.0.0-20261109003541-7506e5f91cd6'
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin_dir="$root/.cache/bin"
stamp="$bin_dir/weed.version"

if [[ -x "$bin_dir/weed" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
  echo "seaweedfs: $("$bin_dir/weed" version 2>/dev/null | head -n 1) already built"
  exit 0
fi

mkdir -p "$bin_dir"
export GOFLAGS='-buildvcs=false'
# Go's own module and build caches (under $HOME) are kept: a fresh clone on the same machine then
# rebuilds from cache (-trimpath keeps cache keys independent of the clone's path) instead of
# downloading and compiling everything again (~15 min on 2 cores).
source_dir="$(go mod download -json "github.com/seaweedfs/seaweedfs@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
build_dir="$root/.cache/build/seaweedfs-$version"
if [[ ! -f "$build_dir/go.mod" ]]; then
  rm -rf "$build_dir"
  mkdir -p "$(dirname "$build_dir")"
  cp -r "$source_dir" "$build_dir"
  chmod -R u+w "$build_dir"
fi
(cd "$build_dir" && go build -trimpath -o "$bin_dir/weed" ./weed)
echo "$version" >"$stamp"
echo "seaweedfs: $("$bin_dir/weed" version 2>/dev/null | head -n 1) built into $bin_dir/weed"
