/**
 * Reads the Spark- and PyIceberg-written fixture tables (tests/fixtures/iceberg, see its
 * PROVENANCE.md) through the engine: every consistent table with its row count (counts beyond
 * PROVENANCE's were cross-checked with PyIceberg 0.12 where it can read the table), both lineitem
 * snapshots, equality deletes applied, moved tables, and a clear error on the inconsistent ones.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IcebergQueryEngine, InconsistentTableError } from '../../../layers/engine/index.js';
import { FIXTURES, pathOnlySource } from './fixtureSource.js';

let engine: IcebergQueryEngine;
let tmp: string;

async function rows(sql: string): Promise<unknown[][]> {
  const result = await engine.query(sql);
  const out: unknown[][] = [];
  for await (const batch of result.batches)
    for (const row of batch) out.push(row.map((v) => (v === null ? null : typeof v === 'object' ? String(v) : v)));
  return out;
}

async function count(target: string, extra = ''): Promise<bigint> {
  const [first] = await rows(`SELECT count(*) FROM iceberg_scan('${target}'${extra})`);
  return first?.[0] as bigint;
}

before(async () => {
  engine = await IcebergQueryEngine.create({ source: pathOnlySource });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-fixtures-'));
});

after(async () => {
  await engine.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Row counts; lineitem records paths relative to its parent and map_stats 'file://data/...': both need allow_moved_paths. */
const CONSISTENT: Record<string, bigint> = {
  'add_columns_with_defaults/default.db/add_columns_with_defaults': 3n,
  'add_columns_with_defaults_in_struct/default.db/add_columns_with_defaults_in_struct': 2n,
  big_query_error: 2n,
  'case_sensitive_names/default.db/case_sensitive_names': 3n,
  'column_mapping/warehouse/default.db/my_table': 3n,
  custom_write_paths: 0n,
  'equality_delete_cross_partition/warehouse/ns/t': 3n,
  'equality_deletes/warehouse/mydb/mytable': 2n,
  'equality_deletes/warehouse/mydb/mytable_partitioned': 3n,
  expression_filter: 3n,
  'iceberg/lineitem_iceberg': 51793n,
  'iceberg/lineitem_iceberg_no_hint': 51793n,
  'iceberg/lineitem_iceberg_gz': 111968n,
  'iceberg/lineitem_iceberg_gz_no_hint': 111968n,
  'iceberg_v1_deprecated/default/legacy_v1': 3n,
  'iceberg_v1_repro/repro/merch_v1': 4n,
  is_null_is_not_null: 8n,
  'legacy_bare_deletion_vector/warehouse/default/legacy_bare_deletion_vector': 2n,
  'map_stats/default.db/map_stats': 2n,
  'null_stats/default/test_nulls': 9n,
  timestamptz_ns: 0n,
  uuid: 10n,
};

describe('fixture tables written by Spark and PyIceberg', () => {
  for (const [table, expected] of Object.entries(CONSISTENT)) {
    it(`${table}: ${expected} rows`, async () => {
      const moved = table.startsWith('iceberg/') || table.startsWith('map_stats') ? ', allow_moved_paths => true' : '';
      assert.equal(await count(`${FIXTURES}/${table}`, moved), expected);
    });
  }

  it('lineitem: both snapshots (60175 rows, then 51793 after the delete)', async () => {
    const snapshots = await rows(
      `SELECT snapshot_id FROM iceberg_snapshots('${FIXTURES}/iceberg/lineitem_iceberg') ORDER BY sequence_number`,
    );
    assert.equal(snapshots.length, 2);
    const [first, second] = snapshots.map(([id]) => id) as [bigint, bigint];
    const moved = ', allow_moved_paths => true';
    assert.equal(await count(`${FIXTURES}/iceberg/lineitem_iceberg`, `${moved}, snapshot_id => ${first}`), 60175n);
    assert.equal(await count(`${FIXTURES}/iceberg/lineitem_iceberg`, `${moved}, snapshot_id => ${second}`), 51793n);
    // Q6 on the current snapshot, as the fixture's README gives it from PySpark.
    const [q6] = await rows(
      `SELECT sum(l_extendedprice * l_discount) FROM iceberg_scan('${FIXTURES}/iceberg/lineitem_iceberg', allow_moved_paths => true)
       WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24`,
    );
    assert.equal(q6?.[0], '1077536.9101');
  });

  it('equality deletes: only the surviving rows, each delete scoped by sequence number and partition', async () => {
    assert.deepEqual(
      await rows(
        `SELECT id, name FROM iceberg_scan('${FIXTURES}/equality_deletes/warehouse/mydb/mytable') ORDER BY id`,
      ),
      [
        [4, 'd'],
        [5, 'e'],
      ],
    );
    assert.deepEqual(
      await rows(
        `SELECT id, name FROM iceberg_scan('${FIXTURES}/equality_deletes/warehouse/mydb/mytable_partitioned') ORDER BY id`,
      ),
      [
        [1, 'a'],
        [4, 'd'],
        [5, 'e'],
      ],
    );
    // The delete in partition part=0 must not remove key 100 from part=1.
    assert.deepEqual(
      await rows(
        `SELECT part, key FROM iceberg_scan('${FIXTURES}/equality_delete_cross_partition/warehouse/ns/t') ORDER BY part, key`,
      ),
      [
        [0n, 999n],
        [1n, 100n],
        [1n, 888n],
      ],
    );
    // The delete file carries a column that is not an equality field: it is ignored.
    assert.deepEqual(
      await rows(
        `SELECT id, val FROM iceberg_scan('${FIXTURES}/equality_delete_extra_column/warehouse/ns/t/metadata/vfinal.metadata.json') ORDER BY id`,
      ),
      [
        [1n, 'a'],
        [3n, 'c'],
      ],
    );
  });

  it('deletion vectors (v3, a bare deletion-vector-v1 blob) remove their positions', async () => {
    const table = `${FIXTURES}/legacy_bare_deletion_vector/warehouse/default/legacy_bare_deletion_vector`;
    assert.deepEqual(await rows(`SELECT id FROM iceberg_scan('${table}') ORDER BY id`), [[1n], [3n]]);
  });

  it('columns resolve by field id and name mapping, with initial defaults and exact types', async () => {
    const described = await rows(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM iceberg_scan('${FIXTURES}/add_columns_with_defaults/default.db/add_columns_with_defaults'))`,
    );
    assert.deepEqual(described.slice(0, 15), [
      ['col1', 'VARCHAR'],
      ['col_boolean', 'BOOLEAN'],
      ['col_integer', 'INTEGER'],
      ['col_long', 'BIGINT'],
      ['col_float', 'FLOAT'],
      ['col_double', 'DOUBLE'],
      ['col_decimal', 'DECIMAL(16,2)'],
      ['col_date', 'DATE'],
      ['col_time', 'TIME'],
      ['col_timestamp', 'TIMESTAMP'],
      ['col_timestamptz', 'TIMESTAMP WITH TIME ZONE'],
      ['col_string', 'VARCHAR'],
      ['col_uuid', 'UUID'],
      ['col_fixed', 'BLOB'],
      ['col_binary', 'BLOB'],
    ]);
    // Rows written before the columns were added take their initial-default values.
    assert.deepEqual(
      await rows(
        `SELECT col1, col_integer, col_long, col_decimal, col_date, col_timestamptz, col_uuid FROM iceberg_scan('${FIXTURES}/add_columns_with_defaults/default.db/add_columns_with_defaults') WHERE col1 = 'click'`,
      ),
      [
        [
          'click',
          342342,
          -9223372036854775808n,
          '12345.00',
          '2003-10-20',
          '1970-01-01 00:00:00.012345+00',
          'f79c3e09-677c-4bbd-a479-3f349cb785e7',
        ],
      ],
    );
    // Nested fields added to a struct after a file was written take their initial defaults too.
    assert.deepEqual(
      await rows(
        `SELECT a.col_integer, a.col_string, a.col_decimal FROM iceberg_scan('${FIXTURES}/add_columns_with_defaults_in_struct/default.db/add_columns_with_defaults_in_struct') ORDER BY a.col_boolean`,
      ),
      [
        [453243, 'World', '3423434.23'],
        [342342, 'HELLO', '12345.00'],
      ],
    );
    // A file without field ids, read through schema.name-mapping.default.
    assert.deepEqual(
      await rows(
        `SELECT id, name, age FROM iceberg_scan('${FIXTURES}/column_mapping/warehouse/default.db/my_table') ORDER BY id`,
      ),
      [
        [1n, 'Alice', 25n],
        [2n, 'Bob', 30n],
        [3n, 'Charlie', 35n],
      ],
    );
  });

  it('allow_moved_paths reads a table copied elsewhere; without it the old paths are not found', async () => {
    const copy = path.join(tmp, 'moved', 'lineitem_iceberg');
    await fs.cp(`${FIXTURES}/iceberg/lineitem_iceberg`, copy, { recursive: true });
    const copyDeletes = path.join(tmp, 'moved', 'mytable');
    await fs.cp(`${FIXTURES}/equality_deletes/warehouse/mydb/mytable`, copyDeletes, { recursive: true });
    assert.equal(await count(copy, ', allow_moved_paths => true'), 51793n);
    assert.equal(await count(`${copy}/metadata/v1.metadata.json`, ', allow_moved_paths => true'), 60175n);
    assert.equal(await count(copyDeletes, ', allow_moved_paths => true'), 2n);
    await assert.rejects(count(copy), (error: Error) => error.message.includes('lineitem_iceberg/metadata/snap-'));
  });

  const INCONSISTENT = [
    'hive_partitioned_table',
    'name_mapping/warehouse_1/mydb/t1',
    'partition_bigint',
    'partition_binary',
    'partition_bool',
    'partition_decimal_bigint',
    'partition_decimal_hugeint',
    'partition_decimal_integer',
    'partition_decimal_smallint',
    'partition_double',
    'partition_float',
    'partition_integer',
    'partition_fixed_length_binary/default.db/partition_fixed_length_binary',
    'partition_time/default.db/partition_time',
    'partition_timestamp/default.db/partition_timestamp',
    'partition_timestamptz/default.db/partition_timestamptz',
  ];
  for (const table of INCONSISTENT) {
    it(`${table}: refused, naming the file whose size differs from the manifest`, async () => {
      await assert.rejects(
        count(`${FIXTURES}/${table}`),
        (error: unknown) =>
          error instanceof InconsistentTableError &&
          /has \d+ bytes but the manifest records file_size_in_bytes \d+/.test(error.message),
      );
    });
  }

  it('reads a format-v1 table whose snapshot lists its manifests inline, row for row', async () => {
    assert.deepEqual(
      (await rows(`SELECT * FROM iceberg_scan('${FIXTURES}/iceberg_v1_deprecated/default/legacy_v1') ORDER BY 1`)).map(
        (row) => row.map(String),
      ),
      [
        ['1', 'alpha', '10'],
        ['2', 'beta', '20'],
        ['3', 'alpha', 'null'],
      ],
    );
  });

  it('reads big_query_error (every field nullable, no manifest header keys) row for row', async () => {
    const read = await rows(`SELECT * FROM iceberg_scan('${FIXTURES}/big_query_error') ORDER BY 1`);
    assert.deepEqual(
      read.map((row) => row.slice(0, 2).map(String)),
      [
        ['1', 'Alice'],
        ['2', 'Bob'],
      ],
    );
  });

  it('generated_bounds: refused, naming the missing file', async () => {
    await assert.rejects(
      count(`${FIXTURES}/generated_bounds`),
      (error: unknown) =>
        error instanceof InconsistentTableError && error.message.includes('cannot read file s3://fake-bucket/'),
    );
  });
});
