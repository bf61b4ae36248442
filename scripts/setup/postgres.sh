#!/usr/bin/env bash
# Installs PostgreSQL from Debian when its server binaries are missing. Tests start their own throwaway
# server (initdb + pg_ctl into a temp dir, 127.0.0.1, a free port); initdb refuses to run as root, so as
# root they run it as the `postgres` system user that the Debian package creates.
set -euo pipefail

find_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
  done | sort -V | tail -n 1
}

if [[ -z "$(find_bindir)" ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y postgresql
fi
bindir="$(find_bindir)"
if [[ -z "$bindir" ]]; then
  echo "postgres: no initdb/pg_ctl under /usr/lib/postgresql/*/bin after install" >&2
  exit 1
fi
if ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
echo "postgres: $("$bindir/postgres" --version) in $bindir"
