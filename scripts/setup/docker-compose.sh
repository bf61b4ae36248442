#!/usr/bin/env bash
# Installs docker-compose 1.29 from Debian when it is missing. Tests use it only to validate
# compose/docker-compose.yml (`docker-compose -f compose/docker-compose.yml config`), which needs no
# Docker engine. Idempotent: does nothing when docker-compose is already on PATH.
set -euo pipefail

if ! command -v docker-compose >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends docker-compose
fi
echo "docker-compose: $(docker-compose version --short 2>/dev/null || docker-compose --version)"
