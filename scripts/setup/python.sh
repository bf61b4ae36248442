#!/usr/bin/env bash
# Creates the shared Python venv for interop tests at .cache/venv and installs the independent
# checkers and clients (PyIceberg with pyarrow and both SQL catalog backends, Apache's avro, Kafka and
# Trino clients, pytest). Idempotent: skips when the stamp holds the hash of the same requirements.
# Other areas may add packages with scripts/setup/python-<area>.sh, which run after this one.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.cache/venv"
stamp="$venv/.requirements.sha256"

requirements='pyiceberg[pyarrow,sql-sqlite,sql-postgres]==0.12.0
avro==1.12.2
confluent-kafka==2.16.1
kafka-python==3.0.12
trino==0.340.0
pytest==9.2.0'
hash="$(printf '%s\n' "$requirements" | sha256sum | cut -d' ' -f1)"

if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
  echo "python: venv $venv up to date"
  exit 0
fi

python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
requirements_file="$(mktemp)"
trap 'rm -f "$requirements_file"' EXIT
printf '%s\n' "$requirements" >"$requirements_file"
"$venv/bin/python" -m pip install --quiet -r "$requirements_file"
"$venv/bin/python" -c 'import pyiceberg, pyarrow, avro, confluent_kafka, kafka, trino, pytest, sqlalchemy, psycopg2'
echo "$hash" >"$stamp"
echo "python: venv $venv ready"
