#!/usr/bin/env bash
# Installs Apache Kafka 4.1.0 (KRaft, single node) from Maven Central into .cache/kafka/: the
# kafka_2.13 jar and its runtime dependencies, copied by Maven into .cache/kafka/libs. The broker
# benchmark runs it beside the embedded broker as the peer (bench/broker.ts). Needs java and mvn
# (Debian's default-jdk-headless and maven are installed when missing). Idempotent: skips when the
# stamp names this version.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
home="$root/.cache/kafka"
version='4.1.0'
stamp="$home/.installed"
# Kafka 4.1 logs through slf4j 1.7: log4j-slf4j-impl routes it to log4j2 (warnings on stderr).
contents="$version log4j-slf4j-impl"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$contents" ]]; then
  echo "kafka: $version in $home up to date"
  exit 0
fi

# shellcheck source=lib/java-maven.sh
source "$root/scripts/setup/lib/java-maven.sh"
ensure_java_maven

mkdir -p "$home"
cat >"$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>lakehouse.cache</groupId>
  <artifactId>kafka-peer</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$version</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>2.24.3</version>
    </dependency>
  </dependencies>
</project>
POM
rm -rf "$home/libs"
mvn -q -B -f "$home/pom.xml" -Dmaven.repo.local="$root/.cache/m2" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$home/libs"
cat >"$home/log4j2.properties" <<'LOG'
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m%n
LOG
ls "$home/libs" | grep -q "^kafka_2.13-$version.jar$"
echo "$contents" >"$stamp"
echo "kafka: $version installed in $home ($(ls "$home/libs" | wc -l) jars)"
