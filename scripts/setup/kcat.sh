#!/usr/bin/env bash
# Installs kcat (librdkafka's command-line client) from Debian for the broker's interop tests.
# Idempotent: does nothing when kcat is already on PATH.
set -euo pipefail
if command -v kcat >/dev/null 2>&1; then
  exit 0
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then SUDO='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent on a fresh machine; refresh them once before installing.
if ! apt-cache show kcat >/dev/null 2>&1; then
  $SUDO apt-get update -y
fi
$SUDO apt-get install -y --no-install-recommends kcat
kcat -V
