#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/e2e, driven by playwright-core). Idempotent.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show chromium >/dev/null 2>&1; then
  apt-get update
fi
apt-get install -y chromium
/usr/bin/chromium --version
