#!/usr/bin/env bash
# Installs the Trino 476 server from Maven Central (io.trino:trino-server:476:tar.gz, about 820 MB)
# into .cache/trino/server/trino-server-476, unpacked whole (plugins hard-link each other's jars).
# tests/interop/catalog-server/trinoRest.test.ts runs it with the Java 25 JDK, loading only the
# iceberg plugin, against `lakehouse catalog serve`. Needs java and mvn (installed when missing).
# Idempotent: skips when the server's lib/ and plugin/iceberg are present.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
home="$root/.cache/trino/server"
version='476'
server="$home/trino-server-$version"

if [[ -d "$server/lib" && -d "$server/plugin/iceberg" ]]; then
  echo "trino-server: $version in $server up to date"
  exit 0
fi

# shellcheck source=lib/java-maven.sh
source "$root/scripts/setup/lib/java-maven.sh"
ensure_java_maven

mkdir -p "$home"
tarball="$home/trino-server-$version.tar.gz"
if [[ ! -s "$tarball" ]]; then
  mvn -q -B -Dmaven.repo.local="$root/.cache/m2" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="io.trino:trino-server:$version:tar.gz" -DoutputDirectory="$home" -Dmdep.overWriteReleases=false
fi
tar -xzf "$tarball" -C "$home"
test -d "$server/plugin/iceberg"
echo "trino-server: $version installed in $server"
