"""Reads a table's manifest lists and manifests with Apache's own Avro library and checks them.

Usage: check_manifests_with_avro.py <metadata-file-path>

Checks, for every snapshot: the manifest list and each manifest open with avro.datafile; every field of
their Avro schemas (nested records included) carries a `field-id`; manifests carry the header keys the
spec requires. Prints a JSON summary (per snapshot: manifests with their entries) and a list of problems.
"""

import json
import sys
from urllib.parse import urlparse

from avro.datafile import DataFileReader
from avro.io import DatumReader

MANIFEST_HEADER_KEYS = ["schema", "schema-id", "partition-spec", "partition-spec-id", "format-version", "content"]


def local_path(location):
    return urlparse(location).path if location.startswith("file:") else location


def fields_without_ids(schema_json, path=""):
    """Paths of record fields in an Avro schema (as JSON) that have no field-id attribute."""
    missing = []
    if isinstance(schema_json, list):
        for branch in schema_json:
            missing += fields_without_ids(branch, path)
    elif isinstance(schema_json, dict):
        kind = schema_json.get("type")
        if kind == "record":
            for field in schema_json.get("fields", []):
                field_path = f"{path}.{field['name']}" if path else field["name"]
                if "field-id" not in field:
                    missing.append(field_path)
                missing += fields_without_ids(field["type"], field_path)
        elif kind == "array":
            missing += fields_without_ids(schema_json.get("items"), path + "[]")
        elif kind == "map":
            missing += fields_without_ids(schema_json.get("values"), path + "{}")
        elif isinstance(kind, (dict, list)):
            missing += fields_without_ids(kind, path)
    return missing


def read_avro(path):
    with open(path, "rb") as handle:
        reader = DataFileReader(handle, DatumReader())
        header = {key: value.decode("utf-8") for key, value in reader.meta.items() if not key.startswith("avro.")}
        schema_json = json.loads(reader.meta["avro.schema"].decode("utf-8"))
        records = list(reader)
        reader.close()
    return header, schema_json, records


def text(value):
    return None if value is None else str(value)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        metadata = json.load(handle)
    problems = []
    snapshots = []
    for snapshot in metadata.get("snapshots", []):
        list_path = local_path(snapshot["manifest-list"])
        header, schema_json, manifest_files = read_avro(list_path)
        for missing in fields_without_ids(schema_json):
            problems.append(f"manifest list {list_path}: field {missing} has no field-id")
        manifests = []
        for manifest_file in manifest_files:
            manifest_path = local_path(manifest_file["manifest_path"])
            m_header, m_schema, entries = read_avro(manifest_path)
            for key in MANIFEST_HEADER_KEYS:
                if key not in m_header:
                    problems.append(f"manifest {manifest_path}: header key {key} missing")
            for missing in fields_without_ids(m_schema):
                problems.append(f"manifest {manifest_path}: field {missing} has no field-id")
            manifests.append(
                {
                    "path": manifest_file["manifest_path"],
                    "content": manifest_file.get("content"),
                    "added_snapshot_id": text(manifest_file.get("added_snapshot_id")),
                    "sequence_number": text(manifest_file.get("sequence_number")),
                    "added_files_count": manifest_file.get("added_files_count"),
                    "existing_files_count": manifest_file.get("existing_files_count"),
                    "deleted_files_count": manifest_file.get("deleted_files_count"),
                    "header": {key: m_header.get(key) for key in MANIFEST_HEADER_KEYS},
                    "entries": [
                        {
                            "status": entry["status"],
                            "snapshot_id": text(entry.get("snapshot_id")),
                            "sequence_number": text(entry.get("sequence_number")),
                            "file_path": entry["data_file"]["file_path"],
                            "record_count": text(entry["data_file"]["record_count"]),
                            "file_size_in_bytes": text(entry["data_file"]["file_size_in_bytes"]),
                            "content": entry["data_file"].get("content", 0),
                        }
                        for entry in entries
                    ],
                }
            )
        snapshots.append(
            {
                "snapshot_id": str(snapshot["snapshot-id"]),
                "manifest_list_header": header,
                "manifests": manifests,
            }
        )
    print(json.dumps({"problems": problems, "snapshots": snapshots}))


if __name__ == "__main__":
    main()
