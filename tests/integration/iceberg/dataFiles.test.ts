// Parquet data files through DuckDB: field ids (nested too), every primitive type, metrics and bounds,
// bucket/truncate partition values computed in DuckDB equal to the library's transforms, target file size.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedConnection } from '../../../layers/engine/index.js';
import {
  applyTransform,
  bucket,
  buildSortOrder,
  fromBytes,
  newSchema,
  type Table,
  toValue,
  truncate,
} from '../../../layers/iceberg/index.js';
import { type TempCatalog, tempCatalog } from './helpers.js';
import { rowsOf } from './rows.js';

const ALL_TYPES = `SELECT i::BIGINT AS id, i % 2 = 0 AS flag, i::INTEGER AS small, (i / 4)::FLOAT AS f, (i / 8)::DOUBLE AS d,
  (i * 1.01)::DECIMAL(38, 10) AS amount, DATE '2024-02-28' + i::INTEGER AS day, TIME '12:00:00' + to_seconds(i) AS clock,
  TIMESTAMP '2024-01-01 00:00:00' + to_microseconds(i) AS local_ts, TIMESTAMPTZ '2024-01-01 00:00:00.000001+00' + to_hours(i) AS ts,
  'sym-' || i AS sym, uuid() AS uid, encode('b' || i) AS bin,
  {'a': i, 'b': 'x' || i} AS rec, [i, i + 1] AS nums, MAP {'k': i} AS attrs
  FROM range(0, 40) r(i)`;

describe('data files written through DuckDB', () => {
  let env: TempCatalog;
  let table: Table;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('types');
    table = await env.catalog.createTable('types.all', {
      schema: newSchema([
        { name: 'id', type: 'long', required: true },
        { name: 'flag', type: 'boolean' },
        { name: 'small', type: 'int' },
        { name: 'f', type: 'float' },
        { name: 'd', type: 'double' },
        { name: 'amount', type: 'decimal(38, 10)' },
        { name: 'day', type: 'date' },
        { name: 'clock', type: 'time' },
        { name: 'local_ts', type: 'timestamp' },
        { name: 'ts', type: 'timestamptz' },
        { name: 'sym', type: 'string' },
        { name: 'uid', type: 'uuid' },
        { name: 'bin', type: 'binary' },
        {
          name: 'rec',
          type: {
            type: 'struct',
            fields: [
              { name: 'a', type: 'long' },
              { name: 'b', type: 'string' },
            ],
          },
        },
        { name: 'nums', type: { type: 'list', element: 'long' } },
        { name: 'attrs', type: { type: 'map', key: 'string', value: 'long' } },
      ]),
      partitionSpec: [
        { source: 'sym', transform: bucket(3) },
        { source: 'amount', transform: truncate(1_000_000_000) },
      ],
    });
    await table.newAppend().appendQuery(ALL_TYPES).commit();
  });
  after(() => env.cleanup());

  it('writes Parquet field ids equal to the Iceberg ids, nested included', async () => {
    const [task] = await table.scan().planFiles();
    assert.ok(task);
    const connection = await sharedConnection();
    const reader = await connection.runAndReadAll(
      `SELECT name, field_id FROM parquet_schema('${await table.io.localPath(task.dataFile.filePath)}') WHERE field_id IS NOT NULL`,
    );
    const ids = new Map(reader.getRowObjectsJson().map((r) => [String(r.name), Number(r.field_id)]));
    const schema = table.schema();
    for (const name of ['id', 'amount', 'ts', 'rec', 'nums', 'attrs'])
      assert.equal(ids.get(name), schema.field(name).id, name);
    assert.equal(ids.get('a'), schema.field('rec.a').id);
    assert.equal(ids.get('element'), schema.field('nums.element').id);
    assert.equal(ids.get('key'), schema.field('attrs.key').id);
    assert.equal(ids.get('value'), schema.field('attrs.value').id);
    const kv = await connection.runAndReadAll(
      `SELECT decode(value) AS v FROM parquet_kv_metadata('${await table.io.localPath(task.dataFile.filePath)}') WHERE decode(key) = 'iceberg.schema'`,
    );
    const written = JSON.parse(String(kv.getRowObjectsJson()[0]?.v)) as { fields: { id: number }[] };
    assert.equal(written.fields.length, schema.fields.length, 'iceberg.schema in the Parquet footer');
  });

  it('computes bucket and truncate partitions in DuckDB exactly like the transforms', async () => {
    for (const task of await table.scan().planFiles()) {
      for (const row of await rowsOf(table, [task], 'sym, amount::VARCHAR AS amount')) {
        assert.equal(task.dataFile.partition[0], applyTransform(bucket(3), 'string', row.sym as string));
        const amount = toValue('decimal(38, 10)', row.amount as string);
        assert.equal(task.dataFile.partition[1], applyTransform(truncate(1_000_000_000), 'decimal(38, 10)', amount));
      }
    }
  });

  it('records counts and Appendix D bounds per column', async () => {
    const tasks = await table.scan().planFiles();
    const schema = table.schema();
    const lowest = (name: string) => {
      const field = schema.field(name);
      const values = tasks.map((t) =>
        fromBytes(field.type as never, t.dataFile.lowerBounds?.get(field.id) as Uint8Array),
      );
      return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0];
    };
    assert.equal(lowest('id'), 0n);
    assert.equal(lowest('day'), toValue('date', '2024-02-28'));
    assert.equal(lowest('clock'), toValue('time', '12:00:00'));
    assert.equal(lowest('ts'), toValue('timestamptz', '2024-01-01T00:00:00.000001Z'));
    assert.equal(lowest('local_ts'), toValue('timestamp', '2024-01-01T00:00:00'));
    assert.equal(lowest('amount'), 0n);
    const total = tasks.reduce((n, t) => n + (t.dataFile.valueCounts?.get(schema.field('nums.element').id) ?? 0), 0);
    assert.equal(total, 80, 'list element value counts');
    assert.ok(tasks.every((t) => t.dataFile.nullValueCounts?.get(schema.field('sym').id) === 0));
    assert.ok(tasks.every((t) => t.dataFile.nanValueCounts?.get(schema.field('d').id) === 0));
    assert.ok(
      tasks.every((t) => !t.dataFile.lowerBounds?.has(schema.field('nums.element').id)),
      'no bounds for repeated fields',
    );
  });

  it('writes rows in the table sort order and records its id', async () => {
    await env.catalog.createNamespace('sorted');
    const columns = newSchema([{ name: 'id', type: 'long' }]);
    const sorted = await env.catalog.createTable('sorted.t', {
      schema: columns,
      sortOrder: buildSortOrder(columns, [{ source: 'id', direction: 'desc' }]),
      properties: { 'write.parquet.compression-codec': 'snappy' },
    });
    await sorted.newAppend().appendQuery('SELECT i::BIGINT AS id FROM range(0, 1000) r(i) ORDER BY random()').commit();
    const tasks = await sorted.scan().planFiles();
    assert.equal(tasks[0]?.dataFile.sortOrderId, 1);
    const ids = (await rowsOf(sorted, tasks, 'id')).map((r) => Number(r.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
  });

  it('splits unpartitioned writes by write.target-file-size-bytes', async () => {
    await env.catalog.createNamespace('sized');
    const sized = await env.catalog.createTable('sized.t', {
      schema: newSchema([
        { name: 'id', type: 'long' },
        { name: 'payload', type: 'string' },
      ]),
      properties: { 'write.target-file-size-bytes': '200000' },
    });
    const query = `SELECT i::BIGINT AS id, md5(i::VARCHAR) || md5((i * 7)::VARCHAR) AS payload FROM range(0, 300000) r(i)`;
    const s = await sized.newAppend().appendQuery(query).commit();
    assert.ok(Number(s.summary['added-data-files']) > 1, `${s.summary['added-data-files']} files`);
    assert.equal(s.summary['added-records'], '300000');
  });
});
