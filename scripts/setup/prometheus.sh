#!/usr/bin/env bash
# Installs Prometheus and promtool from Debian for the monitoring rule tests. Idempotent.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show prometheus >/dev/null 2>&1; then
  apt-get update
fi
apt-get install -y --no-install-recommends prometheus
promtool --version
