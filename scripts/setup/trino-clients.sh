#!/usr/bin/env bash
# Installs the real Trino 476 clients from Maven Central into .cache/trino/: the CLI
# (io.trino:trino-cli:476:jar:executable, run with `java -jar`) and the JDBC driver
# (io.trino:trino-jdbc:476, one self-contained jar). tests/interop/gateway/trinoClients.test.ts runs
# both against the gateway with the Java 25 JDK (Java 17 when no newer one is installed). Needs java
# and mvn (Debian's default-jdk-headless and maven are installed when missing). Idempotent: skips
# when both jars are present.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
home="$root/.cache/trino"
version='476'
cli="$home/trino-cli-$version-executable.jar"
jdbc="$home/trino-jdbc-$version.jar"

if [[ -s "$cli" && -s "$jdbc" ]]; then
  echo "trino-clients: CLI and JDBC $version in $home up to date"
  exit 0
fi

# shellcheck source=lib/java-maven.sh
source "$root/scripts/setup/lib/java-maven.sh"
ensure_java_maven

mkdir -p "$home"
for artifact in "io.trino:trino-cli:$version:jar:executable" "io.trino:trino-jdbc:$version:jar"; do
  mvn -q -B -Dmaven.repo.local="$root/.cache/m2" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$artifact" -DoutputDirectory="$home" -Dmdep.overWriteReleases=false
done
test -s "$cli"
test -s "$jdbc"
echo "trino-clients: CLI and JDBC $version installed in $home"
