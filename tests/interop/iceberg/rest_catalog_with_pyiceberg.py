"""Drives the project's Iceberg REST catalog server with PyIceberg's RestCatalog and prints JSON.

Usage: rest_catalog_with_pyiceberg.py <uri> <token> scan <namespace.table> <columns JSON list>
       rest_catalog_with_pyiceberg.py <uri> <token> create-append <namespace> <table>
       rest_catalog_with_pyiceberg.py <uri> <token> conflict <namespace.table>

An empty <token> sends no Authorization header. Values are printed in read_with_pyiceberg's exact
text form so the caller compares them without floating point or 64-bit loss.
"""

import json
import sys

import pyarrow as pa
from pyiceberg.catalog.rest import RestCatalog
from pyiceberg.exceptions import CommitFailedException
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.table.update import AssertRefSnapshotId, SetPropertiesUpdate
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import LongType, NestedField, StringType, TimestamptzType

from read_with_pyiceberg import exact

ARROW_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("product", pa.string()),
        pa.field("ts", pa.timestamp("us", tz="UTC")),
    ]
)


def rows(first, count):
    """Rows first..first+count-1, one a minute from 2024-01-01, products alternating."""
    return pa.Table.from_pylist(
        [
            {"id": i, "product": "BTC-USD" if i % 2 else "ETH-USD", "ts": 1704067200_000000 + i * 60_000_000}
            for i in range(first, first + count)
        ],
        schema=ARROW_SCHEMA,
    )


def scan(catalog, name, columns):
    table = catalog.load_table(name)
    data = table.scan(selected_fields=tuple(columns)).to_arrow().to_pylist()
    out = sorted([[exact(row[c]) for c in columns] for row in data], key=json.dumps)
    return {"metadata_location": table.metadata_location, "rows": out}


def create_append(catalog, namespace, name):
    catalog.create_namespace_if_not_exists(namespace)
    schema = Schema(
        NestedField(1, "id", LongType(), required=True),
        NestedField(2, "product", StringType(), required=False),
        NestedField(3, "ts", TimestamptzType(), required=False),
    )
    spec = PartitionSpec(PartitionField(source_id=2, field_id=1000, transform=IdentityTransform(), name="product"))
    table = catalog.create_table(f"{namespace}.{name}", schema=schema, partition_spec=spec)
    table.append(rows(0, 6))
    table.append(rows(6, 4))
    reloaded = catalog.load_table(f"{namespace}.{name}")
    return {
        "metadata_location": reloaded.metadata_location,
        "snapshot_ids": [str(s.snapshot_id) for s in reloaded.metadata.snapshots],
        "current_snapshot_id": str(reloaded.metadata.current_snapshot_id),
    }


def conflict(catalog, name):
    """A commit whose requirement went stale is refused; PyIceberg's own append then refreshes and retries."""
    first = catalog.load_table(name)
    stale = catalog.load_table(name)
    first.append(rows(100, 2))
    try:
        catalog.commit_table(
            stale,
            (AssertRefSnapshotId(snapshot_id=stale.metadata.current_snapshot_id, ref="main"),),
            (SetPropertiesUpdate(updates={"stale": "yes"}),),
        )
        error = None
    except CommitFailedException as failure:
        error = str(failure)
    stale.append(rows(200, 2))
    return {"error": error, "properties": catalog.load_table(name).properties}


def main():
    uri, token, command, *args = sys.argv[1:]
    properties = {"uri": uri}
    if token:
        properties["token"] = token
    catalog = RestCatalog("lakehouse", **properties)
    if command == "scan":
        result = scan(catalog, args[0], json.loads(args[1]))
    elif command == "create-append":
        result = create_append(catalog, args[0], args[1])
    elif command == "conflict":
        result = conflict(catalog, args[0])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
