"""Reads an Iceberg table with PyIceberg + pyarrow and prints every snapshot's rows as JSON.

Usage: read_with_pyiceberg.py <catalog-uri> <catalog-name> <namespace.table> <metadata-location> <warehouse> <filters>
       [<properties>]

<filters> is a JSON list of PyIceberg row-filter strings; each is also scanned on the current snapshot
(this exercises PyIceberg's own partition pruning and metrics evaluation on what we wrote).
<properties> is an optional JSON object of catalog/FileIO properties (e.g. s3.endpoint for SeaweedFS).

The table is loaded twice: through PyIceberg's SqlCatalog on the same catalog database the project
wrote (SQLite or PostgreSQL), and with StaticTable straight from the metadata file. Values are printed
in an exact, type-tagged text form (longs and decimals as strings, timestamps as epoch microseconds)
so the caller can compare them without floating point or 64-bit integer loss.
"""

import datetime
import decimal
import json
import sys

from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.table import StaticTable

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def exact(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=datetime.timezone.utc)
        return str((aware - EPOCH) // datetime.timedelta(microseconds=1))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return str(value)


def describe(table):
    metadata = table.metadata
    snapshots = []
    for snapshot in metadata.snapshots:
        rows = table.scan(snapshot_id=snapshot.snapshot_id).to_arrow().to_pylist()
        schema = table.schemas()[snapshot.schema_id] if snapshot.schema_id is not None else table.schema()
        snapshots.append(
            {
                "snapshot_id": str(snapshot.snapshot_id),
                "parent_snapshot_id": None if snapshot.parent_snapshot_id is None else str(snapshot.parent_snapshot_id),
                "sequence_number": str(snapshot.sequence_number),
                "operation": snapshot.summary.operation.value if snapshot.summary else None,
                "summary": {k: v for k, v in (snapshot.summary.additional_properties.items() if snapshot.summary else [])},
                "schema_columns": [field.name for field in schema.fields],
                "rows": [{k: exact(v) for k, v in row.items()} for row in rows],
            }
        )
    current = table.current_snapshot()
    return {
        "current_snapshot_id": None if current is None else str(current.snapshot_id),
        "current_columns": [field.name for field in table.schema().fields],
        "partition_fields": [
            {"name": f.name, "transform": str(f.transform), "source_id": f.source_id} for f in table.spec().fields
        ],
        "snapshots": snapshots,
        "current_rows": [{k: exact(v) for k, v in row.items()} for row in table.scan().to_arrow().to_pylist()],
    }


def main():
    catalog_uri, catalog_name, identifier, metadata_location, warehouse, filters = sys.argv[1:7]
    properties = json.loads(sys.argv[7]) if len(sys.argv) > 7 else {}
    catalog = SqlCatalog(catalog_name, uri=catalog_uri, warehouse=warehouse, **properties)
    from_catalog = catalog.load_table(identifier)
    static = StaticTable.from_metadata(metadata_location, properties=properties)
    print(
        json.dumps(
            {
                "catalog_metadata_location": from_catalog.metadata_location,
                "via_catalog": describe(from_catalog),
                "via_static_table": describe(static),
                "filtered": [
                    {
                        "filter": row_filter,
                        "rows": [
                            {k: exact(v) for k, v in row.items()}
                            for row in from_catalog.scan(row_filter=row_filter).to_arrow().to_pylist()
                        ],
                    }
                    for row_filter in json.loads(filters)
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
