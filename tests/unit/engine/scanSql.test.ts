import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { ScanFile, ScanPlan, ScanTaskPlan } from '../../../layers/engine/index.js';
import { openDuckDB, scanSql } from '../../../layers/engine/index.js';
import type { NestedField } from '../../../layers/iceberg/index.js';

const columns: NestedField[] = [
  { id: 1, name: 'id', required: false, type: 'long' },
  { id: 2, name: 'renamed_name', required: false, type: 'string' },
  { id: 3, name: 'price', required: false, type: 'decimal(18, 8)' },
  { id: 4, name: 'region', required: false, type: 'string' },
  { id: 5, name: 'added', required: false, type: 'int', initialDefault: 7 },
];

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

function dataFile(name: string, sequenceNumber: bigint, region: string): ScanTaskPlan['dataFile'] {
  const localPath = path.join(dir, name);
  return {
    content: 'data',
    path: `s3://bucket/t/data/${name}`,
    localPath,
    sequenceNumber,
    identityValues: new Map([[4, region]]),
  };
}

function deleteFile(
  name: string,
  content: ScanFile['content'],
  sequenceNumber: bigint,
  equalityIds?: number[],
): ScanFile {
  return {
    content,
    path: `s3://bucket/t/data/${name}`,
    localPath: path.join(dir, name),
    sequenceNumber,
    ...(equalityIds ? { equalityIds } : {}),
  };
}

function plan(tasks: ScanTaskPlan[]): ScanPlan {
  return { columns, tasks, fieldById: (id) => columns.find((c) => c.id === id) };
}

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-scan-'));
  instance = await openDuckDB();
  connection = await instance.connect();
  // a.parquet: written before the rename and before `added`; it lacks `region` (identity partition).
  await connection.run(
    `COPY (SELECT * FROM (VALUES (1::BIGINT, 'one', 1.5::DECIMAL(18,8)), (2, 'two', 2.25), (3, NULL, 3)) v(id, name, price))
     TO '${dir}/a.parquet' (FORMAT parquet, FIELD_IDS {id: 1, name: 2, price: 3})`,
  );
  // b.parquet: has every column, with different physical names.
  await connection.run(
    `COPY (SELECT * FROM (VALUES (10::BIGINT, 'ten', 10::DECIMAL(18,8), 'eu', 100), (11, 'eleven', 11, 'eu', 110)) v(x, y, z, r, a))
     TO '${dir}/b.parquet' (FORMAT parquet, FIELD_IDS {x: 1, y: 2, z: 3, r: 4, a: 5})`,
  );
  // Position delete (seq 2) of a.parquet row 0; equality deletes on name (seq 2 and seq 3).
  await connection.run(
    `COPY (SELECT 's3://bucket/t/data/a.parquet' AS file_path, 0::BIGINT AS pos)
     TO '${dir}/pos.parquet' (FORMAT parquet, FIELD_IDS {file_path: 2147483546, pos: 2147483545})`,
  );
  await connection.run(
    `COPY (SELECT * FROM (VALUES ('ten'), (NULL)) v(name)) TO '${dir}/eq-seq2.parquet' (FORMAT parquet, FIELD_IDS {name: 2})`,
  );
  await connection.run(
    `COPY (SELECT * FROM (VALUES ('eleven')) v(name)) TO '${dir}/eq-seq3.parquet' (FORMAT parquet, FIELD_IDS {name: 2})`,
  );
});

after(async () => {
  connection.closeSync();
  instance.closeSync();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('scanSql', () => {
  it('resolves columns by field id, fills identity partition values and initial defaults', async () => {
    const sql = scanSql(
      plan([
        { dataFile: dataFile('a.parquet', 1n, 'us'), deleteFiles: [] },
        { dataFile: dataFile('b.parquet', 2n, 'eu'), deleteFiles: [] },
      ]),
    );
    const result = await rows(`SELECT * FROM (${sql}) ORDER BY id`);
    assert.deepEqual(result, [
      { id: '1', renamed_name: 'one', price: '1.50000000', region: 'us', added: 7 },
      { id: '2', renamed_name: 'two', price: '2.25000000', region: 'us', added: 7 },
      { id: '3', renamed_name: null, price: '3.00000000', region: 'us', added: 7 },
      { id: '10', renamed_name: 'ten', price: '10.00000000', region: 'eu', added: 100 },
      { id: '11', renamed_name: 'eleven', price: '11.00000000', region: 'eu', added: 110 },
    ]);
    const types = await rows(`SELECT column_name, column_type FROM (DESCRIBE ${sql})`);
    assert.deepEqual(
      types.map((t) => t.column_type),
      ['BIGINT', 'VARCHAR', 'DECIMAL(18,8)', 'VARCHAR', 'INTEGER'],
    );
  });

  it('applies position deletes to lower-or-equal and equality deletes to strictly lower sequence numbers', async () => {
    const pos = deleteFile('pos.parquet', 'position-deletes', 2n);
    const eq2 = deleteFile('eq-seq2.parquet', 'equality-deletes', 2n, [2]);
    const eq3 = deleteFile('eq-seq3.parquet', 'equality-deletes', 3n, [2]);
    const sql = scanSql(
      plan([
        { dataFile: dataFile('a.parquet', 1n, 'us'), deleteFiles: [pos, eq2, eq3] },
        // b has sequence number 2: eq-seq2 (same number) must not apply, eq-seq3 must.
        { dataFile: dataFile('b.parquet', 2n, 'eu'), deleteFiles: [pos, eq2, eq3] },
      ]),
    );
    const result = await rows(`SELECT id FROM (${sql}) ORDER BY id`);
    // a: row 0 (id 1) position-deleted, id 3 has NULL name and eq-seq2 deletes NULL (null matches null).
    assert.deepEqual(result, [{ id: '2' }, { id: '10' }]);
  });

  it('a position delete written in the same commit as the data file applies to it', async () => {
    const pos = deleteFile('pos.parquet', 'position-deletes', 1n);
    const sql = scanSql(plan([{ dataFile: dataFile('a.parquet', 1n, 'us'), deleteFiles: [pos] }]));
    assert.deepEqual(await rows(`SELECT id FROM (${sql}) ORDER BY id`), [{ id: '2' }, { id: '3' }]);
  });

  it('rebuilds structs by nested field id: renamed and added nested fields', async () => {
    await connection.run(
      `COPY (SELECT {'a': 1, 'b': 'x'} AS s UNION ALL SELECT NULL) TO '${dir}/nested.parquet' (FORMAT parquet, FIELD_IDS {s: {__duckdb_field_id: 20, a: 21, b: 22}})`,
    );
    const nested: NestedField[] = [
      {
        id: 20,
        name: 's',
        required: false,
        type: {
          type: 'struct',
          fields: [
            { id: 21, name: 'a', required: false, type: 'long' },
            { id: 22, name: 'renamed_b', required: false, type: 'string' },
            { id: 23, name: 'c', required: false, type: 'int', initialDefault: 5 },
          ],
        },
      },
    ];
    const file = { ...dataFile('nested.parquet', 1n, 'us'), identityValues: new Map() };
    const node = {
      name: 's',
      fieldId: 20,
      children: [
        { name: 'a', fieldId: 21, children: [] },
        { name: 'b', fieldId: 22, children: [] },
      ],
    };
    const sql = scanSql({
      columns: nested,
      tasks: [{ dataFile: { ...file, structNodes: new Map([[20, node]]) }, deleteFiles: [] }],
      fieldById: () => undefined,
    });
    assert.deepEqual(await rows(`SELECT s FROM (${sql}) ORDER BY s NULLS LAST`), [
      { s: { a: '1', renamed_b: 'x', c: 5 } },
      { s: null },
    ]);
  });

  it('an empty plan has the schema and no rows', async () => {
    const sql = scanSql(plan([]));
    assert.deepEqual(await rows(`SELECT count(*)::INTEGER AS n FROM (${sql})`), [{ n: 0 }]);
    const types = await rows(`SELECT column_name FROM (DESCRIBE ${sql})`);
    assert.deepEqual(
      types.map((t) => t.column_name),
      columns.map((c) => c.name),
    );
  });

  it('column names that collide with reader columns stay intact', async () => {
    const odd: NestedField[] = [
      { id: 1, name: 'filename', required: false, type: 'long' },
      { id: 2, name: 'file_row_number', required: false, type: 'string' },
    ];
    const pos = deleteFile('pos.parquet', 'position-deletes', 2n);
    const sql = scanSql({
      columns: odd,
      tasks: [{ dataFile: dataFile('a.parquet', 1n, 'us'), deleteFiles: [pos] }],
      fieldById: (id) => odd.find((c) => c.id === id),
    });
    assert.deepEqual(await rows(`SELECT * FROM (${sql}) ORDER BY 1`), [
      { filename: '2', file_row_number: 'two' },
      { filename: '3', file_row_number: null },
    ]);
  });
});
